package dev.switchboard.dispatch;

import dev.switchboard.domain.Channel;

import java.util.Set;
import java.util.regex.Pattern;

/** The kinds of Twilio sender, each with its own default throughput (Twilio's published limits). */
public enum SenderType {
    LONG_CODE("long-code", 1),
    TOLL_FREE("toll-free", 3),
    SHORT_CODE("short-code", 100),
    ALPHANUMERIC("alphanumeric", 10),
    WHATSAPP("whatsapp", 80),
    MESSAGING_SERVICE("messaging-service", 80);

    /** North American toll-free area codes. */
    private static final Set<String> TOLL_FREE_CODES = Set.of("800", "833", "844", "855", "866", "877", "888");
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern SHORT = Pattern.compile("[0-9]{5,6}");
    private static final Pattern SERVICE = Pattern.compile("MG[0-9a-fA-F]{32}");

    private final String setting;
    private final double defaultRate;

    SenderType(String setting, double defaultRate) {
        this.setting = setting;
        this.defaultRate = defaultRate;
    }

    /** The setting holding this type's rate: {@code switchboard.rate.<name>}. */
    public String setting() {
        return "switchboard.rate." + setting;
    }

    public double defaultRate() {
        return defaultRate;
    }

    /** The type of a sender as Twilio sees it: its {@code From} (with any {@code whatsapp:} prefix) or a service SID. */
    public static SenderType of(String sender) {
        if (sender == null || sender.isBlank()) {
            throw new IllegalArgumentException("a message always has a sender (from, service or default number)");
        }
        if (Channel.ofAddress(sender) == Channel.WHATSAPP) {
            return WHATSAPP;
        }
        if (SERVICE.matcher(sender).matches()) {
            return MESSAGING_SERVICE;
        }
        if (E164.matcher(sender).matches()) {
            return sender.startsWith("+1") && sender.length() == 12 && TOLL_FREE_CODES.contains(sender.substring(2, 5))
                    ? TOLL_FREE : LONG_CODE;
        }
        if (SHORT.matcher(sender).matches()) {
            return SHORT_CODE;
        }
        return ALPHANUMERIC;
    }
}
