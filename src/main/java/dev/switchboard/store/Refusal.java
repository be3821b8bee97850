package dev.switchboard.store;

/**
 * Why a new request was refused by a limit: its stable {@code code} ({@code destination_velocity},
 * {@code daily_limit_reached}), the limit's {@code scope} for the metric ({@code prefix}, {@code country},
 * {@code daily}), a message for people, and when to try again.
 */
public record Refusal(String code, String scope, String message, long retryAfterSeconds) {
}
