package dev.switchboard.store;

import java.time.Instant;

/** A recipient's consent on one channel: {@code opted_in} or {@code opted_out}, when, why and through which sender. */
public record Consent(String phone, String channel, String state, String source, String reason, String keyword,
                      String sender, Instant at) {

    public static final String OPTED_IN = "opted_in";
    public static final String OPTED_OUT = "opted_out";

    public boolean optedOut() {
        return OPTED_OUT.equals(state);
    }
}
