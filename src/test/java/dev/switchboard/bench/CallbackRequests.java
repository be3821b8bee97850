package dev.switchboard.bench;

import dev.switchboard.sandbox.TwilioSignature;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Signed {@code POST /twilio/status} callbacks for real SIDs: the first pass over the SIDs reports "sent", the second
 * "delivered" (both move the status: a database update), later passes a distinct "delivered" (kept in the history,
 * not applied). Each carries its own I-Twilio-Idempotency-Token, as Twilio's do.
 */
final class CallbackRequests implements Requests {

    private final URI uri;
    private final String signedUrl;
    private final String token;
    private final List<String> sids;
    private final String run;

    CallbackRequests(String baseUrl, String publicUrl, String authToken, List<String> sids, String run) {
        if (sids.isEmpty()) {
            throw new IllegalArgumentException("no SIDs to call back for");
        }
        this.uri = URI.create(baseUrl + "/twilio/status");
        this.signedUrl = publicUrl.replaceAll("/+$", "") + "/twilio/status";
        this.token = authToken;
        this.sids = sids;
        this.run = run;
    }

    /** The n-th callback: its signature, its idempotency token and its form body. */
    record Signed(String signature, String token, String form) {
    }

    Signed signed(long n) {
        String sid = sids.get((int) (n % sids.size()));
        long pass = n / sids.size();
        Map<String, String> params = new TreeMap<>();
        params.put("AccountSid", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        params.put("ApiVersion", "2010-04-01");
        params.put("From", "+15005550006");
        params.put("To", "+14155550100");
        params.put("MessageSid", sid);
        params.put("SmsSid", sid);
        String status = pass == 0 ? "sent" : "delivered";
        params.put("MessageStatus", status);
        params.put("SmsStatus", status);
        if (pass > 1) {
            params.put("RawDlrDoneDate", Long.toString(n));
        }
        String form = params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return new Signed(TwilioSignature.sign(token, signedUrl, params), "bench-" + run + "-" + n, form);
    }

    /** One line of the file bench/callbacks/post.lua replays. */
    String line(long n) {
        Signed s = signed(n);
        return s.signature() + "\t" + s.token() + "\t" + s.form();
    }

    @Override
    public byte[] raw(long n, String hostPort) {
        Signed s = signed(n);
        return Requests.post(uri.getRawPath(), hostPort, s.form(), "Content-Type", "application/x-www-form-urlencoded",
                "X-Twilio-Signature", s.signature(), "I-Twilio-Idempotency-Token", s.token());
    }

    @Override
    public HttpRequest next(long n) {
        Signed s = signed(n);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", s.signature())
                .header("I-Twilio-Idempotency-Token", s.token())
                .POST(HttpRequest.BodyPublishers.ofString(s.form())).build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public int expectedStatus() {
        return 200;
    }
}
