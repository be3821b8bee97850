package dev.switchboard.store;

/** A message a dispatcher holds under lease; {@code owner} + {@code attempt} identify this claim and no later one. */
public record Claim(StoredMessage message, String owner, int attempt) {
}
