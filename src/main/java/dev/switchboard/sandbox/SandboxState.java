package dev.switchboard.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Everything the sandbox remembers: messages, counters, injected failures and the seeded dice. */
final class SandboxState {

    /** What the dice decided for one create request, drawn together so a seed replays the same run. */
    record Fate(String sid, boolean serverError, boolean undelivered, boolean reversed) {
    }

    final AtomicInteger createRequests = new AtomicInteger();
    final AtomicInteger messagesCreated = new AtomicInteger();
    final AtomicInteger callbacksSent = new AtomicInteger();
    final AtomicInteger callbacksFailed = new AtomicInteger();
    final CallbackTimes callbackTimes = new CallbackTimes();
    final MessageFaults faults = new MessageFaults();
    final Map<String, AtomicInteger> createRequestsByTo = new ConcurrentHashMap<>();

    private final Map<String, SandboxMessage> messages = new ConcurrentHashMap<>();
    /** By To, as Twilio indexes its list: a reconciliation lookup must not scan every message (bench/faults). */
    private final Map<String, Queue<SandboxMessage>> messagesByTo = new ConcurrentHashMap<>();
    private final List<Map<String, String>> createdParams = Collections.synchronizedList(new ArrayList<>());
    private final Queue<Integer> injectedFailures = new ConcurrentLinkedQueue<>();
    private final Random random;
    private final SandboxConfig config;

    SandboxState(SandboxConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
    }

    Fate decideFate() {
        synchronized (random) {
            byte[] sid = new byte[16];
            random.nextBytes(sid);
            return new Fate("SM" + HexFormat.of().formatHex(sid),
                    random.nextDouble() < config.failureRate(),
                    random.nextDouble() < config.undeliveredRate(),
                    random.nextDouble() < config.outOfOrderRate());
        }
    }

    void failNext(int count, int httpStatus) {
        for (int i = 0; i < count; i++) {
            injectedFailures.add(httpStatus);
        }
    }

    /** The HTTP status of the next injected failure, or null when none is pending. */
    Integer takeInjectedFailure() {
        return injectedFailures.poll();
    }

    /** Stores a created message; the first value of a repeated parameter stands for it in createdParams. */
    void store(SandboxMessage message, Map<String, List<String>> form) {
        Map<String, String> params = new LinkedHashMap<>();
        form.forEach((name, values) -> params.put(name, values.get(0)));
        messages.put(message.sid, message);
        if (message.to != null) {
            messagesByTo.computeIfAbsent(message.to, to -> new ConcurrentLinkedQueue<>()).add(message);
        }
        createdParams.add(Collections.unmodifiableMap(params));
        messagesCreated.incrementAndGet();
    }

    SandboxMessage message(String sid) {
        return messages.get(sid);
    }

    java.util.Collection<SandboxMessage> messages() {
        return messages.values();
    }

    /** The messages to one recipient. */
    java.util.Collection<SandboxMessage> messagesTo(String to) {
        Queue<SandboxMessage> sent = messagesByTo.get(to);
        return sent == null ? List.of() : sent;
    }

    List<Map<String, String>> createdParams() {
        synchronized (createdParams) {
            return List.copyOf(createdParams);
        }
    }
}
