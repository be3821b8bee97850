package dev.switchboard.consent;

import dev.switchboard.twilio.TwilioError;
import dev.switchboard.twilio.TwilioErrorCodes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Senders Twilio says are broken (unregistered 10DLC, bad From, suspended account): logged once per
 * sender and code, not once per message, and counted for the operator.
 */
public final class SenderAlerts {

    private static final Logger LOG = LoggerFactory.getLogger(SenderAlerts.class);

    /** Prometheus counter; the sender is in the log, not a label (labels stay low-cardinality). */
    static final String METRIC = "switchboard.sender.alerts";

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Supplier<MeterRegistry> meters;

    /** {@code meters} is looked up when first needed: Camel creates its registry after the beans. */
    public SenderAlerts(Supplier<MeterRegistry> meters) {
        this.meters = meters;
    }

    /** Raises an alert when Twilio's error code says the sender itself is unusable; other codes are ignored. */
    public void raiseIfSenderBroken(String sender, Integer errorCode) {
        if (errorCode != null) {
            TwilioError error = TwilioErrorCodes.lookup(errorCode);
            if (error.effect() == TwilioError.Effect.SENDER_BROKEN) {
                raise(sender, error);
            }
        }
    }

    public void raise(String sender, TwilioError error) {
        MeterRegistry registry = meters.get();
        if (registry != null) {
            Counter.builder(METRIC).description("Messages that failed because a sender is misconfigured")
                    .tag("code", String.valueOf(error.code())).register(registry).increment();
        }
        String key = sender + " " + error.code();
        AtomicLong count = counts.computeIfAbsent(key, k -> new AtomicLong());
        if (count.getAndIncrement() == 0) {
            LOG.error("ALERT sender {} is unusable: Twilio {} ({}). Fix the sender; further failures are counted, not logged",
                    sender, error.code(), error.description());
        }
    }

    /** How many messages failed for this sender and code since start. */
    public long count(String sender, int code) {
        AtomicLong count = counts.get(sender + " " + code);
        return count == null ? 0 : count.get();
    }

    /** Every alert raised since start, as "sender code" → messages affected. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }
}
