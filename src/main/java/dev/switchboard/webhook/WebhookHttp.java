package dev.switchboard.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One webhook POST: the URL checked against the {@link UrlPolicy} just before (its name resolved then is what the
 * client connects to, from the JVM's address cache), connect timeout and a total timeout that covers the answer's
 * body too, the answer's body discarded unread, redirects not followed unless allowed (each hop checked again).
 * Each attempt holds one thread of a bounded pool ({@code concurrency} threads): a blocking {@code send} on our
 * own threads, because the client's {@code sendAsync} hands every answer to the common fork-join pool, which on a
 * machine of two cores or fewer starts a new thread per answer.
 */
final class WebhookHttp {

    /** An attempt's result: a status code, or why there is none. */
    record Outcome(Integer status, String error, Duration retryAfter, int durationMs) {

        boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }

        /** 5xx, 408, 429 and no answer at all are worth retrying; any other answer is final. */
        boolean retryable() {
            return status == null ? !error.startsWith(REFUSED) : status >= 500 || status == 408 || status == 429;
        }
    }

    static final String REFUSED = "refused: ";
    static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final UrlPolicy policy;
    private final Duration total;
    private final boolean followRedirects;
    private final ExecutorService pool;
    private final ScheduledExecutorService timer;

    /**
     * {@code pool} runs the attempts (bounded: its size is the most in flight); {@code clientThreads} the client's
     * own work (never the pool's threads, which wait in send); {@code timer} ends late attempts.
     */
    WebhookHttp(UrlPolicy policy, Duration connect, Duration total, boolean followRedirects, ExecutorService pool,
                ExecutorService clientThreads, ScheduledExecutorService timer) {
        this.policy = policy;
        this.total = total;
        this.followRedirects = followRedirects;
        this.pool = pool;
        this.timer = timer;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(clientThreads)
                .build();
    }

    CompletableFuture<Outcome> post(String url, Map<String, String> headers, String body) {
        CompletableFuture<Outcome> result = new CompletableFuture<>();
        long started = System.nanoTime();
        Future<?> running = pool.submit(() -> {
            HttpResponse<Void> response = null;
            Throwable failure = null;
            try {
                response = send(policy.parse(url), headers, body);
            } catch (InterruptedException e) {
                failure = new TimeoutException("interrupted");
            } catch (Exception | Error e) {
                failure = e;
            }
            result.complete(outcome(response, failure, started));
        });
        // The request timeout covers the answer's headers only: interrupting send() cancels the exchange.
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            running.cancel(true);
            // Also when it never started: the attempt ends either way (the first completion wins).
            result.complete(outcome(null, new TimeoutException("deadline"), started));
        }, total.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((o, e) -> deadline.cancel(false));
        return result;
    }

    private HttpResponse<Void> send(URI first, Map<String, String> headers, String body) throws Exception {
        URI uri = first;
        for (int hops = 0; ; hops++) {
            policy.checkAddresses(uri);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(total)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Switchboard-Webhooks/1")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            String location = response.headers().firstValue("Location").orElse(null);
            if (!followRedirects || status < 300 || status >= 400 || location == null) {
                return response;
            }
            if (hops >= MAX_REDIRECTS) {
                throw new IOException("more than " + MAX_REDIRECTS + " redirects");
            }
            uri = policy.parse(uri.resolve(location).toString());
        }
    }

    private static Outcome outcome(HttpResponse<Void> response, Throwable failure, long started) {
        int ms = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
        if (failure == null) {
            int status = response.statusCode();
            String error = null;
            if (status >= 300 && status < 400) {
                error = "redirect to " + response.headers().firstValue("Location").orElse("(no Location)")
                        + " not followed (SWITCHBOARD_WEBHOOK_FOLLOW_REDIRECTS)";
            } else if (status >= 300) {
                error = "HTTP " + status;
            }
            return new Outcome(status, error, retryAfter(response), ms);
        }
        Throwable cause = failure;
        String error;
        if (cause instanceof WebhookUrlException refused) {
            error = refused.code().equals("webhook_url_unresolved") ? refused.getMessage() : REFUSED + refused.getMessage();
        } else if (cause instanceof HttpConnectTimeoutException) {
            error = "connect timeout";
        } else if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            error = "timeout: no complete answer in time";
        } else {
            error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        return new Outcome(null, error, null, ms);
    }

    /** Retry-After in seconds (the HTTP-date form is rare from webhook receivers and read as absent). */
    private static Duration retryAfter(HttpResponse<Void> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                long seconds = Long.parseLong(v.trim());
                return seconds >= 0 ? java.util.Optional.of(Duration.ofSeconds(seconds)) : java.util.Optional.empty();
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        }).orElse(null);
    }
}
