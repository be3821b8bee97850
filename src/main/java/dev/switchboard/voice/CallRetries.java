package dev.switchboard.voice;

import dev.switchboard.store.CallStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Calls a person again after a busy or unanswered call, when the request asked for it ({@code retry}). */
public final class CallRetries {

    private static final Logger LOG = LoggerFactory.getLogger(CallRetries.class);

    private final CallStore calls;

    public CallRetries(CallStore calls) {
        this.calls = calls;
    }

    public void sweep() {
        int n = calls.scheduleRetries(Duration.ofMinutes(10), json -> VoiceCallJson.read(json).retryAfter());
        if (n > 0) {
            LOG.info("{} busy or unanswered call(s) scheduled to be called again", n);
        }
    }
}
