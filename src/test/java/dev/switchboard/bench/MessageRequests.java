package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/** {@code POST /api/v1/messages}, a new Idempotency-Key and recipient each time. */
final class MessageRequests implements Requests {

    private final URI uri;
    private final String key;
    private final String run;

    MessageRequests(String baseUrl, String apiKey, String run) {
        this.uri = URI.create(baseUrl + "/api/v1/messages");
        this.key = apiKey;
        this.run = run;
    }

    private static String body(long n) {
        return "{\"to\":\"+1415" + (2_000_000 + n % 7_000_000) + "\",\"body\":\"Bench " + n
                + ": your order is ready for pick-up.\"}";
    }

    @Override
    public byte[] raw(long n, String hostPort) {
        return Requests.post(uri.getRawPath(), hostPort, body(n), "Authorization", "Bearer " + key,
                "Content-Type", "application/json", "Idempotency-Key", "bench-" + run + "-" + n);
    }

    @Override
    public HttpRequest next(long n) {
        String body = body(n);
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "bench-" + run + "-" + n)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    @Override
    public int expectedStatus() {
        return 202;
    }
}
