package dev.switchboard.api;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.RunningSwitchboard;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While the routes start, and while they stop, the port listens: a request then gets 503 with Retry-After (retry
 * it, or go to another instance), never Vert.x's 404 "Resource not found" page (which tells a client its request
 * does not exist).
 */
class StartingGateIT {

    @Test
    void requests_while_the_routes_start_or_stop_get_503_with_retry_after_and_never_404() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("starting_gate"));
        settings.put("switchboard.http.port", String.valueOf(port));
        List<String> answers = new CopyOnWriteArrayList<>();
        AtomicInteger tries = new AtomicInteger();
        CountDownLatch answeredWhileStarting = new CountDownLatch(1);
        AtomicBoolean heldUntilAnswered = new AtomicBoolean();
        List<Throwable> clientFailures = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest empty = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/messages"))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + RunningSwitchboard.API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        ScheduledExecutorService client = Executors.newSingleThreadScheduledExecutor();
        client.scheduleWithFixedDelay(() -> {
            try {
                HttpResponse<String> r = http.send(empty, HttpResponse.BodyHandlers.ofString());
                answers.add(r.statusCode() + " " + r.headers().firstValue("Retry-After").orElse("-") + " " + r.body());
                answeredWhileStarting.countDown();
            } catch (java.io.IOException e) {
                // not listening (yet, or any more)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                // Thrown out of the task, it would end the schedule silently: kept and asserted on instead.
                clientFailures.add(e);
            } finally {
                tries.incrementAndGet();
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        // Holds the start, after the HTTP server is up and before the route consumers start, until the client
        // has had an answer.
        EventNotifierSupport holdStart = new EventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) throws Exception {
                if (event instanceof CamelEvent.CamelContextRoutesStartingEvent) {
                    heldUntilAnswered.set(answeredWhileStarting.await(10, TimeUnit.SECONDS));
                }
            }
        };
        int whileRunning;
        try {
            try (RunningSwitchboard sb = RunningSwitchboard.start(settings,
                    context -> context.getManagementStrategy().addEventNotifier(holdStart))) {
                // Started: the empty request is refused as invalid.
                await().atMost(Duration.ofSeconds(5)).until(() -> !answers.isEmpty()
                        && answers.get(answers.size() - 1).startsWith("400"));
                whileRunning = answers.size();
            }
            int triesAtStop = tries.get();
            await().atMost(Duration.ofSeconds(5)).until(() -> tries.get() >= triesAtStop + 10);
        } finally {
            client.shutdownNow();
            client.awaitTermination(5, TimeUnit.SECONDS);
        }

        assertThat(clientFailures).isEmpty();
        assertThat(heldUntilAnswered).as("the client had an answer while the routes were starting").isTrue();
        List<String> starting = answers.subList(0, whileRunning);
        assertThat(answers).noneMatch(a -> a.startsWith("404"));
        assertThat(starting).anyMatch(a -> a.startsWith("503 1 ") && a.contains("\"code\":\"starting\""));
        // Stopping: every answer still says when to come back.
        assertThat(answers.subList(whileRunning, answers.size())).allMatch(a -> a.startsWith("503 1 ")
                || a.startsWith("400"));
    }
}
