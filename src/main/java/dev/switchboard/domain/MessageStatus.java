package dev.switchboard.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** Every status a message or call can have, Switchboard's own and Twilio's, ordered so a status never moves backwards. */
public enum MessageStatus {
    // Switchboard's own.
    ACCEPTED("accepted", 0, false),
    SCHEDULED("scheduled", 0, false),
    SUPPRESSED("suppressed", 100, true),
    CANCELED("canceled", 100, true),
    // Twilio message statuses.
    QUEUED("queued", 10, false),
    SENDING("sending", 20, false),
    SENT("sent", 30, false),
    DELIVERED("delivered", 40, true),
    UNDELIVERED("undelivered", 40, true),
    FAILED("failed", 40, true),
    READ("read", 50, true),
    PARTIALLY_DELIVERED("partially_delivered", 35, false),
    RECEIVING("receiving", 20, false),
    RECEIVED("received", 40, true),
    // Twilio call statuses (queued, failed and canceled are shared with messages).
    INITIATED("initiated", 12, false),
    RINGING("ringing", 14, false),
    IN_PROGRESS("in-progress", 16, false),
    COMPLETED("completed", 40, true),
    BUSY("busy", 40, true),
    NO_ANSWER("no-answer", 40, true);

    private final String wireName;
    private final int rank;
    private final boolean isFinal;

    MessageStatus(String wireName, int rank, boolean isFinal) {
        this.wireName = wireName;
        this.rank = rank;
        this.isFinal = isFinal;
    }

    /** Lower case, spelled as Twilio spells it ({@code in-progress}, {@code partially_delivered}). */
    public String wireName() {
        return wireName;
    }

    /** Position in a message's life; a higher rank is later. */
    public int rank() {
        return rank;
    }

    /** True when nothing but a read receipt can follow. */
    public boolean isFinal() {
        return isFinal;
    }

    /** Case-insensitive lookup of a wire name; empty for anything unknown, including {@code null}. */
    public static Optional<MessageStatus> fromWire(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String wanted = raw.trim().toLowerCase(Locale.ROOT);
        for (MessageStatus status : values()) {
            if (status.wireName.equals(wanted)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a message at {@code current} may move to {@code next}. Twilio's callbacks arrive out of
     * order, so a late "sent" must not overwrite "delivered".
     */
    public static boolean mayAdvance(MessageStatus current, MessageStatus next) {
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(next, "next");
        if (next == current) {
            return false;
        }
        if (current.isFinal) {
            // A read receipt is the only news worth recording after delivery.
            return current == DELIVERED && next == READ;
        }
        return next.rank > current.rank;
    }
}
