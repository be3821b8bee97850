package dev.switchboard.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * The ways Switchboard can reach a person, and what differs between them: the name on the wire, how Twilio writes an
 * address on it, the window a free-form message needs, whether it is a call. Code elsewhere asks the channel; adding
 * one is a constant here plus its route ({@code send-<channel>} in {@code dispatch.DispatchRoutes}).
 */
public enum Channel {
    SMS("sms", "", null, false),
    /** Free-form only within 24 hours of the person's last message (templates any time); may fall back to SMS. */
    WHATSAPP("whatsapp", "whatsapp:", Duration.ofHours(24), false),
    /** A phone call: its own outbox lane and rate, Twilio's call/creator. */
    VOICE("voice", "", null, true);

    private final String wireName;
    private final String addressPrefix;
    private final Duration window;
    private final boolean call;

    Channel(String wireName, String addressPrefix, Duration window, boolean call) {
        this.wireName = wireName;
        this.addressPrefix = addressPrefix;
        this.window = window;
        this.call = call;
    }

    public String wireName() {
        return wireName;
    }

    /** How Twilio writes a number on this channel: {@code whatsapp:+14155550100} on WhatsApp. */
    public String address(String e164) {
        return addressPrefix + e164;
    }

    /** The number in an address on this channel (the address itself when it has no prefix). */
    public String number(String address) {
        return address.startsWith(addressPrefix) ? address.substring(addressPrefix.length()) : address;
    }

    /** How long after the person's last message a free-form message may go; empty when there is no such window. */
    public Optional<Duration> window() {
        return Optional.ofNullable(window);
    }

    /** A call rather than a message: placed, not created; its SID is not looked up when its outcome is unknown. */
    public boolean isCall() {
        return call;
    }

    /** Whether a stored channel name (the wire name) is this channel. */
    public boolean is(String wireName) {
        return this.wireName.equals(wireName);
    }

    /** The channel of an address Twilio sent (a {@code From} such as {@code whatsapp:+1…}); SMS when unprefixed. */
    public static Channel ofAddress(String address) {
        for (Channel channel : values()) {
            if (!channel.addressPrefix.isEmpty() && address.startsWith(channel.addressPrefix)) {
                return channel;
            }
        }
        return SMS;
    }

    /** A stored channel name; these were checked at the front door, so an unknown one is a bug. */
    public static Channel of(String wireName) {
        for (Channel channel : values()) {
            if (channel.wireName.equals(wireName)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("unknown channel '" + wireName + "'");
    }

    /** Parses a wire name; case-sensitive because the contract spells channels in lower case. */
    public static Channel parse(String raw) {
        for (Channel channel : values()) {
            if (channel.wireName.equals(raw)) {
                return channel;
            }
        }
        throw InvalidRequestException.unprocessable("invalid_channel", "channel",
                "'channel' must be one of sms, whatsapp, voice: got '" + raw + "'");
    }
}
