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
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One webhook POST: the URL checked against the {@link UrlPolicy} just before (its name resolved then is what the
 * client connects to, from the JVM's address cache), connect timeout and a total timeout that covers the answer's
 * body too, the answer's body discarded unread, redirects not followed unless allowed (each hop checked again).
 * Asynchronous: a slow receiver holds a connection, never a thread.
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
    private final ExecutorService blocking;

    /** {@code blocking} resolves names (a blocking call) off the caller's thread. */
    WebhookHttp(UrlPolicy policy, Duration connect, Duration total, boolean followRedirects, ExecutorService blocking) {
        this.policy = policy;
        this.total = total;
        this.followRedirects = followRedirects;
        this.blocking = blocking;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connect)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(blocking)
                .build();
    }

    CompletableFuture<Outcome> post(String url, Map<String, String> headers, String body) {
        long started = System.nanoTime();
        return CompletableFuture.supplyAsync(() -> policy.parse(url), blocking)
                .thenCompose(uri -> hop(uri, headers, body, 0))
                .handle((response, failure) -> outcome(response, failure, started));
    }

    private CompletableFuture<HttpResponse<Void>> hop(URI uri, Map<String, String> headers, String body, int hops) {
        return CompletableFuture.runAsync(() -> policy.checkAddresses(uri), blocking).thenCompose(checked -> {
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(total)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Switchboard-Webhooks/1")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            CompletableFuture<HttpResponse<Void>> sent = client.sendAsync(request.build(),
                    HttpResponse.BodyHandlers.discarding());
            // The request timeout covers the answer's headers only: this one covers its body as well.
            return sent.orTimeout(total.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
                if (e != null) {
                    sent.cancel(true);
                }
            });
        }).thenCompose(response -> {
            int status = response.statusCode();
            String location = response.headers().firstValue("Location").orElse(null);
            if (!followRedirects || status < 300 || status >= 400 || location == null) {
                return CompletableFuture.completedFuture(response);
            }
            if (hops >= MAX_REDIRECTS) {
                throw new CompletionException(new IOException("more than " + MAX_REDIRECTS + " redirects"));
            }
            URI next = policy.parse(uri.resolve(location).toString());
            return hop(next, headers, body, hops + 1);
        });
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
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
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
