package dev.switchboard.store;

/** A status Twilio reported for a SID; {@code dedupeKey} identifies this report so a replay changes nothing. */
public record StatusReport(String twilioSid, String status, Integer errorCode, String errorMessage,
                           String paramsJson, String dedupeKey) {
}
