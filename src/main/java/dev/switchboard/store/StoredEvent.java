package dev.switchboard.store;

import java.time.Instant;

/** One entry of a message's history: a status it reached or a callback it received, and where it came from. */
public record StoredEvent(String status, String source, boolean applied, Integer errorCode, String detail, Instant at) {
}
