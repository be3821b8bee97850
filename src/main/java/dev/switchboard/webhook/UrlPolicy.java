package dev.switchboard.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which webhook URLs Switchboard calls (server-side request forgery): https only unless
 * {@code SWITCHBOARD_WEBHOOK_ALLOW_HTTP}; no private, loopback or shared (CGNAT) address after DNS resolution unless
 * {@code SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE}; never a link-local address (169.254.169.254 is the cloud metadata
 * service), an unspecified or a multicast one. Checked when an endpoint is made, before every attempt and on every
 * redirect.
 */
public final class UrlPolicy {

    /** Name resolution, replaceable in tests (a name that resolves to 10.x without a DNS server). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    static final int MAX_LENGTH = 2048;

    private final boolean allowHttp;
    private final boolean allowPrivate;
    private final Resolver resolver;

    public UrlPolicy(boolean allowHttp, boolean allowPrivate, Resolver resolver) {
        this.allowHttp = allowHttp;
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    public static UrlPolicy system(boolean allowHttp, boolean allowPrivate) {
        return new UrlPolicy(allowHttp, allowPrivate, InetAddress::getAllByName);
    }

    /** The URL's form: absolute, https (or http when allowed), a host, no user info. */
    public URI parse(String url) {
        if (url == null || url.isBlank()) {
            throw WebhookUrlException.invalid("a webhook URL is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw WebhookUrlException.invalid("the webhook URL is longer than " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw WebhookUrlException.invalid("the webhook URL is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw WebhookUrlException.invalid(scheme.equals("http")
                    ? "the webhook URL must be https (http only with SWITCHBOARD_WEBHOOK_ALLOW_HTTP=true)"
                    : "the webhook URL must be an https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw WebhookUrlException.invalid("the webhook URL has no host name");
        }
        if (uri.getRawUserInfo() != null) {
            throw WebhookUrlException.invalid("the webhook URL must not carry a user name or password");
        }
        if (uri.getRawFragment() != null) {
            throw WebhookUrlException.invalid("the webhook URL must not have a fragment (#…)");
        }
        return uri;
    }

    /**
     * The checks that need no name resolution (the front door's, for a request's statusCallbackUrl): the URL's form,
     * and its address when the host is an IP literal.
     */
    public URI checkWithoutLookup(String url) {
        URI uri = parse(url);
        String host = uri.getHost();
        if (host.startsWith("[") || host.matches("[0-9.]+")) {
            checkAddresses(uri); // a literal resolves to itself, without DNS
        }
        return uri;
    }

    /** Parses and resolves: every address the host name resolves to must be allowed. */
    public URI check(String url) {
        URI uri = parse(url);
        checkAddresses(uri);
        return uri;
    }

    /** Resolves the URL's host now and refuses it if any of its addresses is not allowed. */
    public void checkAddresses(URI uri) {
        String host = uri.getHost();
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw WebhookUrlException.unresolved("the webhook URL's host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            String why = refusal(address, allowPrivate);
            if (why != null) {
                throw WebhookUrlException.refused("the webhook URL's host " + host + " resolves to "
                        + address.getHostAddress() + ", " + why);
            }
        }
    }

    /** Why an address is refused, or null when it may be called. */
    static String refusal(InetAddress address, boolean allowPrivate) {
        if (address.isLinkLocalAddress()) {
            return "a link-local address (such as the cloud metadata service): never allowed";
        }
        if (address.isAnyLocalAddress()) {
            return "the unspecified address: never allowed";
        }
        if (address.isMulticastAddress()) {
            return "a multicast address: never allowed";
        }
        if (allowPrivate) {
            return null;
        }
        String hint = " (allowed only with SWITCHBOARD_WEBHOOK_ALLOW_PRIVATE=true)";
        if (address.isLoopbackAddress()) {
            return "a loopback address" + hint;
        }
        if (address.isSiteLocalAddress() || uniqueLocal(address)) {
            return "a private address" + hint;
        }
        if (address instanceof Inet4Address v4) {
            byte[] b = v4.getAddress();
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return "a 'this network' address (0.0.0.0/8)" + hint;
            }
            if (first == 100 && second >= 64 && second < 128) {
                return "a shared (carrier-grade NAT) address" + hint;
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "a benchmarking network address" + hint;
            }
        }
        return null;
    }

    /** IPv6 unique local addresses, fc00::/7 (Java's isSiteLocalAddress knows only the old fec0::/10). */
    private static boolean uniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }
}
