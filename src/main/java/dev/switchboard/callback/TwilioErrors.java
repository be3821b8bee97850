package dev.switchboard.callback;

import java.util.Map;

/** Short explanations of the Twilio error codes a gateway meets most (status callbacks carry only the number). */
public final class TwilioErrors {

    private static final Map<Integer, String> KNOWN = Map.ofEntries(
            Map.entry(20003, "Twilio authentication failed"),
            Map.entry(20429, "too many requests"),
            Map.entry(21211, "invalid 'To' phone number"),
            Map.entry(21408, "permission to send to this region is not enabled"),
            Map.entry(21610, "the recipient has opted out (replied STOP)"),
            Map.entry(21611, "the sender's queue is full"),
            Map.entry(21612, "the 'To' number cannot be reached from this sender"),
            Map.entry(21614, "the 'To' number is not a mobile number"),
            Map.entry(30001, "queue overflow"),
            Map.entry(30003, "unreachable destination handset"),
            Map.entry(30004, "message blocked"),
            Map.entry(30005, "unknown destination handset"),
            Map.entry(30006, "landline or unreachable carrier"),
            Map.entry(30007, "filtered by the carrier"),
            Map.entry(30008, "unknown error"),
            Map.entry(30034, "sender not registered for A2P 10DLC"),
            Map.entry(30036, "validity period expired"),
            Map.entry(63016, "WhatsApp: outside the 24-hour window, a template is required"));

    private TwilioErrors() {
    }

    public static String describe(Integer code) {
        if (code == null) {
            return null;
        }
        return "Twilio error " + code + ": " + KNOWN.getOrDefault(code, "see https://www.twilio.com/docs/errors/" + code);
    }
}
