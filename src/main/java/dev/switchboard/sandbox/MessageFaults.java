package dev.switchboard.sandbox;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Faults that leave the caller unsure whether a message was created (what retries must survive without a
 * double send): create it and answer a 5xx, create it and answer only after a delay, or stall and create nothing.
 */
public final class MessageFaults {

    /** One queued fault: {@code create} first or not, then wait {@code delayMillis}, then answer {@code httpStatus}. */
    record Fault(boolean create, long delayMillis, int httpStatus) {
    }

    private final Queue<Fault> queued = new ConcurrentLinkedQueue<>();

    /** The next {@code count} creates store the message, then answer {@code httpStatus} (a 5xx) instead of 201. */
    public void createThenFail(int count, int httpStatus) {
        if (httpStatus < 500 || httpStatus > 599) {
            throw new IllegalArgumentException("createThenFail needs a 5xx status, got " + httpStatus);
        }
        add(count, new Fault(true, 0, httpStatus));
    }

    /** The next {@code count} creates store the message, then answer 201 only after {@code delayMillis}. */
    public void createThenStall(int count, long delayMillis) {
        add(count, new Fault(true, delayMillis, 201));
    }

    /** The next {@code count} creates wait {@code delayMillis}, then answer 500 and store nothing. */
    public void stallWithoutCreating(int count, long delayMillis) {
        add(count, new Fault(false, delayMillis, 500));
    }

    private void add(int count, Fault fault) {
        for (int i = 0; i < count; i++) {
            queued.add(fault);
        }
    }

    Fault take() {
        return queued.poll();
    }
}
