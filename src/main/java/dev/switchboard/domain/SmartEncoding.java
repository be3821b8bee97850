package dev.switchboard.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Replaces characters that force UCS-2 but have a GSM-7 look-alike, as Twilio's Smart Encoding does. */
public final class SmartEncoding {

    /** The body to send, and whether it differs from the one given. */
    public record Result(String body, boolean changed) {
        public Result {
            Objects.requireNonNull(body, "body");
        }
    }

    private static final Map<Integer, String> LOOK_ALIKES = new HashMap<>();

    // Mostly Twilio's published list (twilio.com/docs/messaging/services/smart-encoding-char-list, mirrored
    // in TwilioDevEd/message-segment-calculator's SmartEncodingMap), plus the primes, figure dash,
    // non-breaking hyphen, minus sign and soft hyphen that word processors also produce.
    static {
        // “ ” „ ‟ « » ″ ‶ ʺ ˮ ❝ ❞ 〝 〞
        each("\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033\u2036\u02BA\u02EE\u275D\u275E\u301D\u301E", "\"");
        // ‘ ’ ‚ ‛ ′ ‵ ʹ ʻ ʼ ʽ ˈ ˊ ˋ ´ ` ❛ ❜; Twilio turns ‚ into a comma, but it opens a quote.
        each("\u2018\u2019\u201A\u201B\u2032\u2035\u02B9\u02BB\u02BC\u02BD\u02C8\u02CA\u02CB\u00B4\u0060\u275B\u275C",
                "'");
        // ‐ ‑ ‒ – — ― − ⁃ and the bullet •, which Twilio also turns into a hyphen.
        each("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\u2022", "-");
        // No-break, typographic and ideographic spaces, and the line and paragraph separators.
        each("\u00A0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000"
                + "\u2028\u2029", " ");
        // Zero-width space, word joiner, byte order mark, soft hyphen: invisible, so dropped.
        each("\u200B\u2060\uFEFF\u00AD", "");
        LOOK_ALIKES.put(0x2026, "...");
        LOOK_ALIKES.put(0x2039, "<");
        LOOK_ALIKES.put(0x203A, ">");
        LOOK_ALIKES.put(0x203C, "!!");
    }

    /** Zero-width (non-)joiners: part of emoji sequences and of Indic and Arabic spelling. */
    private static final String JOINERS = "\u200C\u200D";

    private static final int FULLWIDTH_FIRST = 0xFF01;
    private static final int FULLWIDTH_LAST = 0xFF5E;
    private static final int FULLWIDTH_SHIFT = 0xFF01 - '!';

    private SmartEncoding() {
    }

    private static void each(String characters, String replacement) {
        characters.chars().forEach(c -> LOOK_ALIKES.put(c, replacement));
    }

    /**
     * Replaces every look-alike in {@code body}; characters GSM-7 already has, and characters with no
     * look-alike (emoji, Cyrillic, CJK), are kept, so such a body stays UCS-2.
     */
    public static Result apply(String body) {
        Objects.requireNonNull(body, "body");
        StringBuilder out = new StringBuilder(body.length());
        body.codePoints().forEach(cp -> out.append(replacement(cp)));
        String replaced = out.toString();
        // Dropping a joiner would split an emoji family or misspell Hindi, and gains nothing unless the
        // joiners are all that keep the body out of GSM-7.
        String unjoined = replaced.replace("\u200C", "").replace("\u200D", "");
        if (!unjoined.equals(replaced) && GsmAlphabet.canEncode(unjoined)) {
            replaced = unjoined;
        }
        return new Result(replaced, !replaced.equals(body));
    }

    private static String replacement(int cp) {
        if (GsmAlphabet.septets(cp) != GsmAlphabet.NOT_GSM || JOINERS.indexOf(cp) >= 0) {
            return Character.toString(cp);
        }
        String lookAlike = LOOK_ALIKES.get(cp);
        if (lookAlike != null) {
            return lookAlike;
        }
        if (cp >= FULLWIDTH_FIRST && cp <= FULLWIDTH_LAST) {
            // Fullwidth forms mirror ASCII one to one; their grave accent then needs the table too.
            return replacement(cp - FULLWIDTH_SHIFT);
        }
        return Character.toString(cp);
    }
}
