package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The webhook receiver of the tests: {@code src/test/node/webhook-receiver.js}, a real HTTP server that verifies each
 * request with the Standard Webhooks reference library (npm {@code standardwebhooks}). Its packages are installed
 * here ({@code npm ci}) when missing; node and npm must be on the PATH ({@code .ci/run} installs them).
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final Path DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    private WebhookReceiver(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static synchronized WebhookReceiver start() {
        try {
            if (!Files.isDirectory(DIR.resolve("node_modules").resolve("standardwebhooks"))) {
                Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!npm.waitFor(120, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                    throw new IllegalStateException("npm ci in " + DIR + " failed: run it by hand to see why"
                            + " (node and npm are needed: .ci/run installs them)");
                }
            }
            Process p = new ProcessBuilder("node", "webhook-receiver.js").directory(DIR.toFile())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("listening ")) {
                p.destroyForcibly();
                throw new IllegalStateException("the webhook receiver did not start: " + line);
            }
            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "webhook-receiver-output");
            drain.setDaemon(true);
            drain.start();
            return new WebhookReceiver(p, Integer.parseInt(line.substring("listening ".length()).trim()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node (install Node.js: .ci/run does)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** From now: answer {@code status} for {@code forMs} (204 afterwards), verifying with these secrets. */
    public void plan(int status, long forMs, long delayMs, String location, List<String> secrets) {
        StringBuilder json = new StringBuilder("{\"status\":" + status + ",\"forMs\":" + forMs + ",\"delayMs\":" + delayMs);
        if (location != null) {
            json.append(",\"location\":\"").append(location).append('"');
        }
        json.append(",\"secrets\":[");
        for (int i = 0; i < secrets.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(secrets.get(i)).append('"');
        }
        json.append("]}");
        send(HttpRequest.newBuilder(URI.create(url("/_control"))).POST(HttpRequest.BodyPublishers.ofString(json.toString())));
    }

    /** Every request so far: path, id, timestamp, signature, verified (per secret), type, status, at, body. */
    public List<JsonNode> received() {
        JsonNode all = Json.parse(send(HttpRequest.newBuilder(URI.create(url("/_received"))).GET()));
        List<JsonNode> list = new ArrayList<>();
        all.forEach(list::add);
        return list;
    }

    private static String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
