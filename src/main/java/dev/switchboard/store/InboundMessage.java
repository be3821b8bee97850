package dev.switchboard.store;

/** A message a person sent to one of our numbers; {@code keyword} is the opt-out/in/help word it was, if any. */
public record InboundMessage(String messageSid, String channel, String from, String to, String body, String keyword) {
}
