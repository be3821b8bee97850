package dev.switchboard.domain;

/** The ways Switchboard can reach a person, named as they appear on the wire. */
public enum Channel {
    SMS("sms"),
    WHATSAPP("whatsapp"),
    VOICE("voice");

    private final String wireName;

    Channel(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
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
