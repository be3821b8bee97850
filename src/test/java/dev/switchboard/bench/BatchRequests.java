package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * {@code POST /api/v1/messages/batch}: the n-th request carries messages n × size to n × size + size − 1, each with
 * its own recipient and idempotencyKey (as a campaign sender retrying safely would send them).
 */
final class BatchRequests implements Requests {

    private final URI uri;
    private final String key;
    private final String run;
    private final int size;
    private final boolean keys;

    BatchRequests(String baseUrl, String apiKey, String run, int size, boolean keys) {
        this.uri = URI.create(baseUrl + "/api/v1/messages/batch");
        this.key = apiKey;
        this.run = run;
        this.size = size;
        this.keys = keys;
    }

    private String body(long n) {
        StringBuilder json = new StringBuilder(size * 140).append("{\"messages\":[");
        for (long m = n * size; m < (n + 1) * size; m++) {
            json.append(m == n * size ? "" : ",").append("{\"to\":\"+1415").append(2_000_000 + m % 7_000_000)
                    .append("\",\"body\":\"Bench ").append(m).append(": your order is ready for pick-up.\",")
                    .append(keys ? "\"idempotencyKey\":\"bench-" + run + "-" + m + "\"" : "\"priority\":\"bulk\"")
                    .append('}');
        }
        return json.append("]}").toString();
    }

    @Override
    public byte[] raw(long n, String hostPort) {
        return Requests.post(uri.getRawPath(), hostPort, body(n), "Authorization", "Bearer " + key,
                "Content-Type", "application/json");
    }

    @Override
    public HttpRequest next(long n) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(n))).build();
    }

    @Override
    public int expectedStatus() {
        return 200;
    }
}
