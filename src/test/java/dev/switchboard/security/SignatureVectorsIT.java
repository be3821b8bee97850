package dev.switchboard.security;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.RunningSwitchboard;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Twilio's published signature vectors (the documented example and twilio-java's RequestValidatorTest), posted over
 * HTTP to a running Switchboard whose public URL is the vectors' host. The vectors sign {@code /myapp.php}, so each
 * instance serves the status-callback handler there as well; 400 (no MessageSid) means the signature was accepted
 * and the handler ran, 403 that it was refused.
 */
class SignatureVectorsIT {

    private static final String TOKEN = "12345";
    private static final String PATH_AND_QUERY = "/myapp.php?foo=1&bar=2";
    private static final String JSON_BODY = "{\"property\": \"value\", \"boolean\": true}";
    private static final String BODY_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
    private static final int ACCEPTED = 400;
    private static final int REFUSED = 403;
    private static final Map<String, RunningSwitchboard> INSTANCES = new HashMap<>();

    @AfterAll
    static void stop() {
        INSTANCES.values().forEach(RunningSwitchboard::close);
    }

    @Test
    void twilios_documented_example_is_accepted() {
        Map<String, String> params = callParams("+14158675310");

        assertThat(postForm(https(), PATH_AND_QUERY, params, "GvWf1cFY/Q7PnoempGyD5oXAezc=").statusCode()).isEqualTo(ACCEPTED);
    }

    @Test
    void twilio_java_vector_is_accepted_and_its_altered_signature_refused() {
        assertThat(postForm(https(), PATH_AND_QUERY, javaParams(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=").statusCode()).isEqualTo(ACCEPTED);
        assertThat(postForm(https(), PATH_AND_QUERY, javaParams(), "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=").statusCode()).isEqualTo(REFUSED);
    }

    @Test
    void a_changed_parameter_or_query_or_a_missing_signature_is_refused() {
        Map<String, String> changed = javaParams();
        changed.put("Digits", "9999");

        assertThat(postForm(https(), PATH_AND_QUERY, changed, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").statusCode()).isEqualTo(REFUSED);
        assertThat(postForm(https(), "/myapp.php?foo=1&bar=3", javaParams(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=").statusCode()).isEqualTo(REFUSED);
        assertThat(postForm(https(), PATH_AND_QUERY, javaParams(), null).statusCode()).isEqualTo(REFUSED);
    }

    @Test
    void json_body_with_bodysha256_vectors_are_accepted() {
        assertThat(postJson(https(), PATH_AND_QUERY + "&bodySHA256=" + BODY_HASH, JSON_BODY, "a9nBmqA0ju/hNViExpshrM61xv4=")
                .statusCode()).isEqualTo(ACCEPTED);
        assertThat(postJson(https(), "/myapp.php?bodySHA256=" + BODY_HASH, JSON_BODY, "y77kIzt2vzLz71DgmJGsen2scGs=")
                .statusCode()).isEqualTo(ACCEPTED);
    }

    @Test
    void json_body_that_does_not_match_its_bodysha256_or_has_none_is_refused() {
        String changedBody = JSON_BODY.replace("value", "other");

        assertThat(postJson(https(), PATH_AND_QUERY + "&bodySHA256=" + BODY_HASH, changedBody, "a9nBmqA0ju/hNViExpshrM61xv4=")
                .statusCode()).isEqualTo(REFUSED);
        // twilio-java's testValidateBodyWithoutSignature: no bodySHA256 in the URL.
        assertThat(postJson(https(), PATH_AND_QUERY, JSON_BODY, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").statusCode()).isEqualTo(REFUSED);
    }

    @Test
    void port_variants_are_accepted_as_twilios_validators_accept_them() {
        // Public URL with a port, signature of the URL without it (testValidateRemovesPortHttps).
        assertThat(postForm(instance("https://mycompany.com:1234", TOKEN, null), PATH_AND_QUERY, javaParams(),
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=").statusCode()).isEqualTo(ACCEPTED);
        // http with port 1234, signed as is (testValidateRemovesPortHttp).
        assertThat(postForm(instance("http://mycompany.com:1234", TOKEN, null), PATH_AND_QUERY, javaParams(),
                "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=").statusCode()).isEqualTo(ACCEPTED);
        // Signed with :443 / :80 added (testValidateAddsPortHttps, testValidateAddsPortHttp).
        assertThat(postForm(https(), PATH_AND_QUERY, javaParams(), "kvajT1Ptam85bY51eRf/AJRuM3w=").statusCode()).isEqualTo(ACCEPTED);
        assertThat(postForm(instance("http://mycompany.com", TOKEN, null), PATH_AND_QUERY, javaParams(),
                "0ZXoZLH/DfblKGATFgpif+LLRf4=").statusCode()).isEqualTo(ACCEPTED);
    }

    @Test
    void the_secondary_token_validates_during_a_rotation_and_the_current_one_still_does() {
        RunningSwitchboard rotating = rotating();
        Map<String, String> params = javaParams();
        String byCurrent = dev.switchboard.sandbox.TwilioSignature.sign("new-token", "https://mycompany.com" + PATH_AND_QUERY, params);

        assertThat(postForm(rotating, PATH_AND_QUERY, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").statusCode()).isEqualTo(ACCEPTED);
        assertThat(postForm(rotating, PATH_AND_QUERY, params, byCurrent).statusCode()).isEqualTo(ACCEPTED);
        String byNeither = dev.switchboard.sandbox.TwilioSignature.sign("retired", "https://mycompany.com" + PATH_AND_QUERY, params);
        assertThat(postForm(rotating, PATH_AND_QUERY, params, byNeither).statusCode()).isEqualTo(REFUSED);
    }

    @Test
    void a_connection_override_fragment_in_the_public_url_is_not_signed() {
        RunningSwitchboard rotating = rotating(); // public URL https://mycompany.com/#rc=2&rt=10000
        Map<String, String> params = javaParams();
        String withFragment = dev.switchboard.sandbox.TwilioSignature.sign(TOKEN,
                "https://mycompany.com/#rc=2&rt=10000" + PATH_AND_QUERY, params);

        assertThat(postForm(rotating, PATH_AND_QUERY, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=").statusCode()).isEqualTo(ACCEPTED);
        assertThat(postForm(rotating, PATH_AND_QUERY, params, withFragment).statusCode()).isEqualTo(REFUSED);
    }

    private static RunningSwitchboard https() {
        return instance("https://mycompany.com", TOKEN, null);
    }

    private static RunningSwitchboard rotating() {
        return instance("https://mycompany.com/#rc=2&rt=10000", "new-token", TOKEN);
    }

    private static synchronized RunningSwitchboard instance(String publicUrl, String token, String secondary) {
        return INSTANCES.computeIfAbsent(publicUrl + " " + token + " " + secondary, key -> {
            Map<String, String> s = new HashMap<>(Backend.POSTGRES.freshDatabase("signature_vectors_" + INSTANCES.size()));
            s.put("switchboard.public.url", publicUrl);
            s.put("twilio.account.sid", "AC" + "0".repeat(32));
            s.put("twilio.auth.token", token);
            if (secondary != null) {
                s.put("twilio.auth.token.secondary", secondary);
            }
            s.put("twilio.phone.number", "+15005550006");
            s.put("switchboard.twilio.base-url", "http://127.0.0.1:9"); // nothing is sent in these tests
            return RunningSwitchboard.start(s, context -> {
                try {
                    context.addRoutes(new RouteBuilder() {
                        @Override
                        public void configure() {
                            from("platform-http:/myapp.php?httpMethodRestrict=POST").routeId("vector-endpoint")
                                    .bean("statusCallbacks", "verify")
                                    .bean("statusCallbacks", "parse")
                                    .bean("statusCallbacks", "apply")
                                    .bean("statusCallbacks", "reply");
                        }
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        });
    }

    private static Map<String, String> callParams(String caller) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("CallSid", "CA1234567890ABCDE");
        p.put("Caller", caller);
        p.put("Digits", "1234");
        p.put("From", caller);
        p.put("To", "+18005551212");
        return p;
    }

    private static Map<String, String> javaParams() {
        return callParams("+14158675309");
    }

    private static HttpResponse<String> postForm(RunningSwitchboard sb, String pathAndQuery, Map<String, String> params,
                                                 String signature) {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return post(sb, pathAndQuery, "application/x-www-form-urlencoded", form, signature);
    }

    private static HttpResponse<String> postJson(RunningSwitchboard sb, String pathAndQuery, String json, String signature) {
        return post(sb, pathAndQuery, "application/json", json, signature);
    }

    private static HttpResponse<String> post(RunningSwitchboard sb, String pathAndQuery, String contentType, String body,
                                             String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sb.url(pathAndQuery)))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signature != null) {
            b.header("X-Twilio-Signature", signature);
        }
        return sb.send(b.build());
    }
}
