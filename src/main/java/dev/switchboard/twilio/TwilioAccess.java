package dev.switchboard.twilio;

import dev.switchboard.settings.Settings;

/**
 * Where Switchboard's Twilio traffic goes and with which credentials: real Twilio when
 * {@code TWILIO_ACCOUNT_SID} and {@code TWILIO_AUTH_TOKEN} are set, the built-in sandbox otherwise.
 * {@link #toString()} never prints the token.
 */
public record TwilioAccess(String accountSid, String authToken, String phoneNumber, String messagingServiceSid,
                           String whatsappNumber, String baseUrl, boolean sandbox) {

    /** The configured real account, or null when no credentials are set. */
    public static TwilioAccess fromSettings(Settings s) {
        var sid = s.get("twilio.account.sid");
        var token = s.get("twilio.auth.token");
        if (sid.isEmpty() && token.isEmpty()) {
            return null;
        }
        if (sid.isEmpty() || token.isEmpty()) {
            throw new IllegalStateException("set both TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or neither (sandbox)");
        }
        return new TwilioAccess(sid.get(), token.get(), s.get("twilio.phone.number", null),
                s.get("twilio.messaging.service.sid", null), s.get("twilio.whatsapp.number", null),
                s.get("switchboard.twilio.base-url", null), false);
    }

    @Override
    public String toString() {
        return "TwilioAccess[account=" + accountSid + ", baseUrl=" + (baseUrl == null ? "twilio" : baseUrl)
                + ", sandbox=" + sandbox + "]";
    }
}
