package dev.switchboard.twilio;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code Retry-After} of Twilio's latest 429 for each sender, noted where the HTTP response passes
 * ({@link RetrylessHttpClient}): the SDK's {@code ApiException} does not carry response headers.
 */
public final class RetryAfters {

    /** What a 429 without a usable {@code Retry-After} means: wait a second. */
    public static final Duration DEFAULT = Duration.ofSeconds(1);

    private final Map<String, Duration> latest = new ConcurrentHashMap<>();

    void note(String sender, String retryAfter) {
        if (sender != null) {
            latest.put(sender, parse(retryAfter));
        }
    }

    /** The wait Twilio asked of this sender in its latest 429, forgotten once taken. */
    public Optional<Duration> take(String sender) {
        return Optional.ofNullable(latest.remove(sender));
    }

    /** Seconds (Twilio's form); an HTTP date or garbage counts as the default. */
    static Duration parse(String retryAfter) {
        if (retryAfter == null) {
            return DEFAULT;
        }
        try {
            long seconds = Long.parseLong(retryAfter.trim());
            return seconds <= 0 ? DEFAULT : Duration.ofSeconds(Math.min(seconds, 3_600));
        } catch (NumberFormatException e) {
            return DEFAULT;
        }
    }
}
