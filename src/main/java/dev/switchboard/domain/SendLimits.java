package dev.switchboard.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.time.Duration;
import java.util.function.Function;

/**
 * The account's protection against SMS pumping and runaway spend.
 *
 * <p>Velocity ({@code SWITCHBOARD_VELOCITY_*}): at most {@code prefixLimit} transactional messages and Verify starts
 * to one destination prefix (the country calling code and the next {@code prefixDigits} digits: {@code +44770}), and
 * at most {@code countryLimit} to one country, within any {@code window} (a sliding window). Pumping fraud sends
 * one-time codes to a run of numbers that share a prefix in one country; real users are spread out. Bulk messages
 * are not counted: a campaign is sent to the numbers its owner chose.
 *
 * <p>Daily budget ({@code SWITCHBOARD_DAILY_SEGMENTS}): SMS and WhatsApp segments accepted per UTC day for the whole
 * account. Both refuse new requests with 429; what was accepted before still goes. Zero turns each off.
 */
public record SendLimits(Duration window, int prefixLimit, int prefixDigits, int countryLimit, long dailySegments) {

    public static final String VELOCITY = "destination_velocity";
    public static final String DAILY = "daily_limit_reached";
    /** No limits: nothing is counted, nothing is refused. */
    public static final SendLimits NONE = new SendLimits(Duration.ofHours(1), 0, 3, 0, 0);

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    public SendLimits {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("switchboard.velocity.window-ms (SWITCHBOARD_VELOCITY_WINDOW_MS) must be"
                    + " more than 0: got " + window.toMillis());
        }
        requireAtLeast("switchboard.velocity.prefix-limit", prefixLimit, 0);
        requireAtLeast("switchboard.velocity.country-limit", countryLimit, 0);
        requireAtLeast("switchboard.daily.segments", dailySegments, 0);
        if (prefixDigits < 1 || prefixDigits > 8) {
            throw new IllegalArgumentException(named("switchboard.velocity.prefix-digits")
                    + " must be 1 to 8 (digits after the country code): got " + prefixDigits);
        }
    }

    /**
     * From settings ({@code get} answers a key's text or {@code null}); a value that is not a whole number, or is
     * negative, stops start-up naming the setting.
     */
    public static SendLimits from(Function<String, String> get) {
        return new SendLimits(Duration.ofMillis(number(get, "switchboard.velocity.window-ms", 3_600_000)),
                (int) number(get, "switchboard.velocity.prefix-limit", 0),
                (int) number(get, "switchboard.velocity.prefix-digits", 3),
                (int) number(get, "switchboard.velocity.country-limit", 0),
                number(get, "switchboard.daily.segments", 0));
    }

    public boolean velocity() {
        return prefixLimit > 0 || countryLimit > 0;
    }

    public boolean daily() {
        return dailySegments > 0;
    }

    public boolean any() {
        return velocity() || daily();
    }

    /** Whether a new message counts towards velocity: transactional, and something will be sent. */
    public static boolean countsForVelocity(String priority, String status) {
        return Priority.TRANSACTIONAL.wireName().equals(priority) && !MessageStatus.SUPPRESSED.wireName().equals(status);
    }

    /** Whether a new message spends the daily budget: an SMS or WhatsApp message that will be sent. */
    public static boolean countsForBudget(String channel, String status) {
        return !Channel.VOICE.is(channel) && !MessageStatus.SUPPRESSED.wireName().equals(status);
    }

    /** The window for people: {@code 1 h}, {@code 10 min}, {@code 90 s}. */
    public String windowText() {
        long s = window.toSeconds();
        if (s % 3600 == 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0) {
            return s / 60 + " min";
        }
        return window.toMillis() % 1000 == 0 ? s + " s" : window.toMillis() + " ms";
    }

    /** The destination prefix of an E.164 number: {@code +44} and the first {@code prefixDigits} national digits. */
    public String prefixOf(String e164) {
        try {
            var number = PHONES.parse(e164, null);
            String national = PHONES.getNationalSignificantNumber(number);
            return "+" + number.getCountryCode() + national.substring(0, Math.min(prefixDigits, national.length()));
        } catch (NumberParseException e) {
            return e164.substring(0, Math.min(e164.length(), prefixDigits + 3));
        }
    }

    private static long number(Function<String, String> get, String key, long fallback) {
        String text = get.apply(key);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(named(key) + " must be a whole number: got '" + text.trim() + "'");
        }
    }

    private static void requireAtLeast(String key, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException(named(key) + " must be " + least + " or more (0 turns it off): got " + value);
        }
    }

    private static String named(String key) {
        return key + " (" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_') + ")";
    }
}
