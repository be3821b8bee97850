package dev.switchboard.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench's socket client: every request answered and counted, and a stall counted from the intended times. */
class RawOpenLoopTest {

    private HttpServer server;
    private final Set<String> bodies = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Answers 200; odd requests with a fixed length, even ones chunked; request {@code stall} after 300 ms. */
    private String serve(int stall) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/x", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            int n = Integer.parseInt(body.substring(2));
            if (n == stall) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, n % 2 == 1 ? answer.length : 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static Requests posts(String base) {
        return new Requests() {
            @Override
            public HttpRequest next(long n) {
                throw new UnsupportedOperationException("raw only");
            }

            @Override
            public byte[] raw(long n, String hostPort) {
                return Requests.post("/x", hostPort, "n=" + n, "Content-Type", "text/plain");
            }

            @Override
            public int expectedStatus() {
                return 200;
            }
        };
    }

    @Test
    void every_request_is_sent_once_and_every_answer_read_whether_sized_or_chunked() throws Exception {
        String base = serve(-1);

        Result result = new RawOpenLoop(base, posts(base)).run(400, 0.25, 0.5, 4);

        assertThat(result.ok.get()).isEqualTo(200);
        assertThat(result.failed.get()).isZero();
        assertThat(bodies).hasSize(300).contains("n=0", "n=299");
    }

    @Test
    void a_stall_counts_for_every_request_due_during_it_not_only_the_one_that_stalled() throws Exception {
        String base = serve(20);

        // One connection, 200 requests/s: about 60 requests fall due while request 20 takes 300 ms.
        Result result = new RawOpenLoop(base, posts(base)).run(200, 0, 1, 1);

        assertThat(result.ok.get()).isEqualTo(200);
        assertThat(result.latencyMicros.getMaxValue()).isGreaterThanOrEqualTo(290_000);
        long lateBy100ms = result.latencyMicros.getCountBetweenValues(100_000, result.latencyMicros.getHighestTrackableValue());
        assertThat(lateBy100ms).isGreaterThanOrEqualTo(30);
    }
}
