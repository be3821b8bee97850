package dev.switchboard.dispatch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.sandbox.SandboxConfig;
import dev.switchboard.sandbox.TwilioSandbox;
import dev.switchboard.testing.RunningSwitchboard;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code switchboard.dispatch.concurrency} Twilio requests really are in flight at once: not only the dispatch pool but
 * camel-twilio's own executor (10 threads by Camel's default profile) and the HTTP connection pool let them through.
 * A gate in front of the sandbox holds every request until {@code CONCURRENCY} of them are inside at the same time.
 */
class TwilioConcurrencyIT {

    private static final int CONCURRENCY = 30;

    @Test
    void the_configured_number_of_twilio_requests_are_in_flight_at_once() throws IOException {
        TwilioSandbox twilio = TwilioSandbox.start(SandboxConfig.defaults());
        Gate gate = new Gate(twilio.baseUrl(), CONCURRENCY);
        Map<String, String> settings = new HashMap<>(RunningSwitchboard.usingTwilio(twilio));
        settings.put("switchboard.twilio.base-url", gate.baseUrl());
        settings.put("switchboard.db.url", TestDatabases.freshPostgresSchema("twilio_concurrency"));
        settings.put("switchboard.dispatch.concurrency", String.valueOf(CONCURRENCY));
        settings.put("switchboard.rate.mps", "1000");
        try (gate; twilio; RunningSwitchboard sb = RunningSwitchboard.start(settings)) {
            for (int i = 0; i < CONCURRENCY; i++) {
                assertThat(sb.postMessage("{\"to\":\"+1415555" + (1000 + i) + "\",\"body\":\"c" + i + "\"}").statusCode())
                        .isEqualTo(202);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> gate.answered.get() >= CONCURRENCY);

            assertThat(gate.mostInFlight.get()).isEqualTo(CONCURRENCY);
        }
    }

    /** Forwards to the sandbox, but only once {@code wanted} requests are waiting together (or after 10 s). */
    private static final class Gate implements AutoCloseable {

        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final AtomicInteger answered = new AtomicInteger();
        private final CountDownLatch together;
        private final String target;
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        Gate(String target, int wanted) throws IOException {
            this.target = target;
            this.together = new CountDownLatch(wanted);
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            server.createContext("/", this::forward);
            server.setExecutor(threads);
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void forward(HttpExchange exchange) throws IOException {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            together.countDown();
            try {
                together.await(10, TimeUnit.SECONDS);
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                        .method(exchange.getRequestMethod(),
                                HttpRequest.BodyPublishers.ofByteArray(exchange.getRequestBody().readAllBytes()));
                for (String header : new String[] {"Authorization", "Content-Type", "Accept"}) {
                    String value = exchange.getRequestHeaders().getFirst(header);
                    if (value != null) {
                        request.header(header, value);
                    }
                }
                HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                response.headers().firstValue("Content-Type")
                        .ifPresent(type -> exchange.getResponseHeaders().set("Content-Type", type));
                exchange.sendResponseHeaders(response.statusCode(), response.body().length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
                answered.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
            } finally {
                inFlight.decrementAndGet();
                exchange.close();
            }
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
