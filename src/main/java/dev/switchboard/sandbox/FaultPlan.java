package dev.switchboard.sandbox;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The fault the sandbox plays on message creates for a time window (set at {@code POST /sandbox/faults}), so a
 * fault suite can take "Twilio" down and bring it back without restarting anything. One fault at a time; a new
 * one replaces the old.
 */
public final class FaultPlan {

    /** What a create meets while the window is open. */
    public enum Mode {
        /** 500 with code 20500; with {@code created} the message is created first (Twilio's ambiguous case). */
        HTTP500,
        /** 429 with code 20429 and {@code Retry-After: retryAfterS}; nothing is created. */
        HTTP429,
        /** Waits {@code latencyMs} before handling the create as usual (created even if the client gave up). */
        LATENCY,
        /** Closes the connection without an answer before reading the request; nothing is created. */
        REFUSE;

        static Mode parse(String raw) {
            try {
                return valueOf(raw.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("mode must be http500, http429, latency or refuse, was " + raw);
            }
        }
    }

    /** One fault window; {@code untilNanos} is on {@link System#nanoTime()}. */
    public record Fault(Mode mode, long untilNanos, long latencyMs, int retryAfterS, boolean created) {

        public Fault {
            if (latencyMs < 0 || retryAfterS < 0) {
                throw new IllegalArgumentException("latencyMs and retryAfterS must not be negative");
            }
        }

        /** Starts now and lasts {@code forMs}. */
        public static Fault starting(Mode mode, long forMs, long latencyMs, int retryAfterS, boolean created) {
            if (forMs <= 0) {
                throw new IllegalArgumentException("forMs must be positive, was " + forMs);
            }
            return new Fault(mode, System.nanoTime() + forMs * 1_000_000L, latencyMs, retryAfterS, created);
        }

        boolean active() {
            return System.nanoTime() - untilNanos < 0;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("mode", mode.name().toLowerCase(Locale.ROOT));
            json.put("remainingMs", Math.max(0, (untilNanos - System.nanoTime()) / 1_000_000L));
            json.put("latencyMs", latencyMs);
            json.put("retryAfterS", retryAfterS);
            json.put("created", created);
            return json;
        }
    }

    private volatile Fault current;

    /** Replaces any fault in progress. */
    public void start(Fault fault) {
        current = fault;
    }

    public void clear() {
        current = null;
    }

    /** The fault a create arriving now meets, or null. */
    public Fault now() {
        Fault f = current;
        return f != null && f.active() ? f : null;
    }
}
