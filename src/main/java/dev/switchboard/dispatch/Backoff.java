package dev.switchboard.dispatch;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter: attempt n waits base·2^(n−1), capped, then scaled by a random 50–100 %. */
public record Backoff(Duration base, Duration max, int maxAttempts) {

    public Duration delayAfter(int attempt) {
        long cap = max.toMillis();
        long exp = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 30);
        long ceiling = Math.min(cap, exp <= 0 ? cap : exp);
        long jittered = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    public boolean exhausted(int attempt) {
        return attempt >= maxAttempts;
    }
}
