package dev.switchboard.webhook;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlPolicyTest {

    /** A resolver with fixed answers, as a DNS server would give them (IP literals resolve to themselves). */
    private static final UrlPolicy.Resolver DNS = host -> {
        Map<String, String[]> names = Map.of(
                "hooks.example.com", new String[]{"93.184.216.34"},
                "internal.example.com", new String[]{"10.1.2.3"},
                "mixed.example.com", new String[]{"93.184.216.34", "192.168.1.10"},
                "metadata.example.com", new String[]{"169.254.169.254"},
                "v6.example.com", new String[]{"2606:2800:220:1::1"});
        if (names.containsKey(host)) {
            InetAddress[] out = new InetAddress[names.get(host).length];
            for (int i = 0; i < out.length; i++) {
                out[i] = InetAddress.getByName(names.get(host)[i]);
            }
            return out;
        }
        if (Character.isDigit(host.charAt(0)) || host.contains(":")) {
            return new InetAddress[]{InetAddress.getByName(host)};
        }
        throw new UnknownHostException(host);
    };

    private final UrlPolicy strict = new UrlPolicy(false, false, DNS);

    @Test
    void a_public_https_url_is_allowed() {
        assertThatCode(() -> strict.check("https://hooks.example.com/switchboard?x=1")).doesNotThrowAnyException();
        assertThatCode(() -> strict.check("https://v6.example.com/")).doesNotThrowAnyException();
    }

    @Test
    void a_name_resolving_to_a_private_address_is_refused_after_resolution() {
        assertThatThrownBy(() -> strict.check("https://internal.example.com/hook"))
                .isInstanceOf(WebhookUrlException.class)
                .hasMessage("the webhook URL's host internal.example.com resolves to 10.1.2.3, a private address"
                        + " (allowed only with SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE=true)")
                .extracting(e -> ((WebhookUrlException) e).code()).isEqualTo("webhook_url_refused");
        assertThatThrownBy(() -> strict.check("https://mixed.example.com/")).hasMessageContaining("192.168.1.10");
    }

    @Test
    void loopback_private_shared_and_unique_local_addresses_are_refused_unless_allowed() {
        for (String url : new String[]{"https://127.0.0.1/", "https://127.1.2.3:8443/", "https://[::1]/",
                "https://10.0.0.1/", "https://172.16.5.4/", "https://192.168.0.1/", "https://100.64.0.1/",
                "https://[fd00::1]/", "https://0.1.2.3/", "https://[::ffff:127.0.0.1]/", "https://198.18.0.1/"}) {
            assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOf(WebhookUrlException.class)
                    .hasMessageContaining("SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE");
            assertThatCode(() -> new UrlPolicy(false, true, DNS).check(url)).as(url).doesNotThrowAnyException();
        }
    }

    @Test
    void link_local_unspecified_and_multicast_addresses_are_refused_always() {
        UrlPolicy lenient = new UrlPolicy(true, true, DNS);
        for (String url : new String[]{"https://169.254.169.254/latest/meta-data", "https://metadata.example.com/",
                "https://[fe80::1]/", "https://0.0.0.0/", "https://[::]/", "https://224.0.0.1/"}) {
            assertThatThrownBy(() -> lenient.check(url)).as(url).isInstanceOf(WebhookUrlException.class)
                    .hasMessageContaining("never allowed");
        }
        assertThatThrownBy(() -> lenient.check("http://169.254.169.254/")).hasMessageContaining("169.254.169.254, a link-local");
    }

    @Test
    void http_is_refused_unless_allowed() {
        assertThatThrownBy(() -> strict.check("http://hooks.example.com/"))
                .hasMessage("the webhook URL must be https (http only with SWITCHBOARD_WEBHOOK_ALLOW_HTTP=true)");
        assertThatCode(() -> new UrlPolicy(true, false, DNS).check("http://hooks.example.com/")).doesNotThrowAnyException();
    }

    @Test
    void malformed_urls_are_refused_with_a_reason() {
        assertThatThrownBy(() -> strict.check("")).hasMessage("a webhook URL is required");
        assertThatThrownBy(() -> strict.check("ftp://hooks.example.com/")).hasMessage("the webhook URL must be an https URL");
        assertThatThrownBy(() -> strict.check("https:///path")).hasMessage("the webhook URL has no host name");
        assertThatThrownBy(() -> strict.check("https://user:pw@hooks.example.com/"))
                .hasMessage("the webhook URL must not carry a user name or password");
        assertThatThrownBy(() -> strict.check("https://hooks.example.com/#x")).hasMessageContaining("fragment");
        assertThatThrownBy(() -> strict.check("https://hooks.example.com/" + "a".repeat(2100))).hasMessageContaining("2048");
        assertThatThrownBy(() -> strict.check("https://bad host/")).hasMessageContaining("not a URL");
        assertThatThrownBy(() -> strict.check("https://nowhere.example.com/"))
                .extracting(e -> ((WebhookUrlException) e).code()).isEqualTo("webhook_url_unresolved");
    }
}
