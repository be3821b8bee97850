package dev.switchboard.twilio;

import static dev.switchboard.twilio.TwilioError.Effect.INVALID_RECIPIENT;
import static dev.switchboard.twilio.TwilioError.Effect.NONE;
import static dev.switchboard.twilio.TwilioError.Effect.OPT_OUT;
import static dev.switchboard.twilio.TwilioError.Effect.SENDER_BROKEN;
import static dev.switchboard.twilio.TwilioError.Effect.WHATSAPP_WINDOW;
import static dev.switchboard.twilio.TwilioError.Retry.PERMANENT;
import static dev.switchboard.twilio.TwilioError.Retry.TRANSIENT;

import dev.switchboard.twilio.TwilioError.Effect;
import dev.switchboard.twilio.TwilioError.Retry;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The Twilio error codes the gateway can meet, each with whether to resend and what else to do.
 *
 * <p>Sources: Twilio's error dictionary (https://www.twilio.com/docs/api/errors/NNNNN) and, for the
 * retry decisions, VA Notify's Twilio client (department-of-veterans-affairs/notification-api,
 * app/clients/sms/twilio.py). Where the two disagree the entry says which one it follows and why.
 */
public final class TwilioErrorCodes {

    /** Verify: a parameter Twilio refused (the channel, the number, the locale). */
    public static final int VERIFY_INVALID_PARAMETER = 60200;
    /** Verify: too many wrong codes; the verification is locked until it expires. */
    public static final int VERIFY_MAX_CHECKS = 60202;
    /** Verify: too many codes sent to this recipient; lifted when the verification expires (10 min). */
    public static final int VERIFY_MAX_SENDS = 60203;
    /** The resource does not exist (Verify: no pending verification for the number). */
    public static final int NOT_FOUND = 20404;

    private static final Map<Integer, TwilioError> TABLE = Map.ofEntries(
            // Account and API (returned synchronously when creating the message).
            // 20003: nothing was created, so resending after the credentials are fixed cannot double-send;
            // the message is fine, our configuration is not, hence TRANSIENT plus one alert.
            e(20003, TRANSIENT, SENDER_BROKEN, "Authentication failed: wrong Account SID or auth token"),
            e(NOT_FOUND, PERMANENT, NONE, "The requested resource was not found"),
            e(20429, TRANSIENT, NONE, "Too many requests: back off and retry"),
            // 5xx on create: Twilio may have created the message anyway; look it up before resending.
            e(20500, TRANSIENT, NONE, "Twilio internal server error"),
            e(20503, TRANSIENT, NONE, "Twilio service temporarily unavailable"),
            e(21211, PERMANENT, INVALID_RECIPIENT, "Invalid 'To' phone number"),
            e(21212, PERMANENT, SENDER_BROKEN, "Invalid 'From' number or sender ID"),
            e(21268, PERMANENT, INVALID_RECIPIENT, "'To' is a premium or information-service number"),
            // 21408: a geo-permission choice on our account, not a broken sender or a bad number.
            e(21408, PERMANENT, NONE, "Sending to this region is not enabled on the account"),
            e(21606, PERMANENT, SENDER_BROKEN, "'From' is not a message-capable number of this account"),
            e(21610, PERMANENT, OPT_OUT, "Recipient has opted out (replied STOP) of this sender"),
            e(21611, TRANSIENT, NONE, "Queue overflow: 'From' number already has 10 h of messages queued"),
            // 21612: depends on the pair (e.g. a short code the destination network cannot reach).
            e(21612, PERMANENT, NONE, "Twilio cannot route between this 'To' and 'From'"),
            e(21614, PERMANENT, INVALID_RECIPIENT, "'To' number cannot receive SMS (not a mobile number)"),
            e(21617, PERMANENT, NONE, "Message body exceeds 1,600 characters"),
            e(21635, PERMANENT, INVALID_RECIPIENT, "'To' number is a landline"),
            // Delivery (reported in status callbacks, after Twilio has given up on the message).
            e(30001, TRANSIENT, NONE, "Queue overflow: too many messages queued for the sender"),
            e(30002, PERMANENT, SENDER_BROKEN, "Account suspended before the message was sent"),
            // 30003: Twilio does not retry it. Its error page describes a handset that is off or out of
            // coverage and suggests sending again; VA Notify marks it permanent. We follow Twilio: retry
            // with back-off, bounded by the attempt limit, so a dead number still ends up failed.
            e(30003, TRANSIENT, NONE, "Unreachable destination handset (off or out of coverage)"),
            e(30004, PERMANENT, NONE, "Message blocked by the carrier or the recipient"),
            e(30005, PERMANENT, INVALID_RECIPIENT, "Unknown destination handset (number inactive)"),
            e(30006, PERMANENT, INVALID_RECIPIENT, "Landline or unreachable carrier"),
            e(30007, PERMANENT, NONE, "Message filtered by the carrier (spam or content rules)"),
            // 30008: VA Notify marks it permanent; nothing says a resend helps, so we do not guess.
            e(30008, PERMANENT, NONE, "Unknown carrier error"),
            e(30009, PERMANENT, NONE, "Missing segment of a multi-part inbound message"),
            e(30010, PERMANENT, NONE, "Message price exceeds the MaxPrice set (obsolete parameter)"),
            e(30024, PERMANENT, SENDER_BROKEN, "Sender not provisioned with the carrier"),
            e(30032, PERMANENT, SENDER_BROKEN, "Toll-free number has not been verified"),
            e(30034, PERMANENT, SENDER_BROKEN, "Sent from a number not registered to a 10DLC campaign"),
            // 30036: the validity period is the sender saying a late message is worthless.
            e(30036, PERMANENT, NONE, "Validity period expired while queued at Twilio"),
            e(30500, TRANSIENT, NONE, "Twilio internal error while processing the message"),
            // Codes VA Notify maps whose Twilio description we could not confirm: its classification only.
            e(30442, PERMANENT, NONE, "Undeliverable (VA Notify: permanent; meaning unconfirmed)"),
            e(30884, PERMANENT, NONE, "Undeliverable (VA Notify: permanent; meaning unconfirmed)"),
            e(32017, PERMANENT, NONE, "Blocked (VA Notify: permanent; meaning unconfirmed)"),
            e(32203, PERMANENT, NONE, "Unreachable (VA Notify: permanent; meaning unconfirmed)"),
            e(63026, PERMANENT, NONE, "Undeliverable (VA Notify: permanent; meaning unconfirmed)"),
            // Verify and WhatsApp.
            e(60005, TRANSIENT, NONE, "Downstream carrier error"),
            // 60202/60203: HTTP 429, but only the verification expiring (10 min) lifts them.
            e(VERIFY_INVALID_PARAMETER, PERMANENT, NONE, "Verify: invalid parameter"),
            e(VERIFY_MAX_CHECKS, PERMANENT, NONE, "Verify: maximum check attempts reached"),
            e(VERIFY_MAX_SENDS, PERMANENT, NONE, "Verify: maximum send attempts reached"),
            e(63016, PERMANENT, WHATSAPP_WINDOW, "Outside the WhatsApp 24 h window: send a template"));

    private TwilioErrorCodes() {
    }

    /**
     * The table entry for {@code code}, never {@code null}. A code not in the table gets
     * description "Twilio error N", effect {@link Effect#NONE}, and:
     * <ul>
     *   <li>20500–20599 (Twilio server errors): {@link Retry#TRANSIENT};
     *   <li>30000–30999 (delivery failures): {@link Retry#PERMANENT}, since Twilio reports them after it
     *       has given up, and a blind resend of a message that may have arrived risks a duplicate;
     *   <li>anything else: {@link Retry#PERMANENT}, as message creation is not idempotent and an
     *       unrecognised rejection is more likely a request to fix than a moment to wait out.
     * </ul>
     */
    public static TwilioError lookup(int code) {
        TwilioError known = TABLE.get(code);
        return known != null ? known : fallback(code);
    }

    /** The table entry for {@code code}, or empty when the code is not in the table. */
    public static Optional<TwilioError> known(int code) {
        return Optional.ofNullable(TABLE.get(code));
    }

    /** Every entry in the table. */
    public static Collection<TwilioError> all() {
        return TABLE.values();
    }

    private static TwilioError fallback(int code) {
        Retry retry = code >= 20500 && code <= 20599 ? TRANSIENT : PERMANENT;
        return new TwilioError(code, "Twilio error " + code, retry, NONE);
    }

    private static Map.Entry<Integer, TwilioError> e(int code, Retry retry, Effect effect, String description) {
        return Map.entry(code, new TwilioError(code, description, retry, effect));
    }
}
