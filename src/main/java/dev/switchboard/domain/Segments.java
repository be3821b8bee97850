package dev.switchboard.domain;

import java.util.Objects;
import java.util.function.IntUnaryOperator;

/** How many SMS parts a body takes, in which encoding, and how many septets or UTF-16 units it costs. */
public record Segments(Encoding encoding, int count, int units) {

    static final int GSM7_SINGLE = 160;
    static final int GSM7_PART = 153;
    static final int UCS2_SINGLE = 70;
    static final int UCS2_PART = 67;

    /** The two encodings an SMS body can travel in. */
    public enum Encoding {
        GSM7("GSM-7"),
        UCS2("UCS-2");

        private final String wireName;

        Encoding(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    public Segments {
        Objects.requireNonNull(encoding, "encoding");
        if (count < 0 || units < 0) {
            throw new IllegalArgumentException("count and units must not be negative");
        }
    }

    /** Counts the segments of {@code body}; an empty body takes none. */
    public static Segments of(String body) {
        Objects.requireNonNull(body, "body");
        if (GsmAlphabet.canEncode(body)) {
            return count(body, Encoding.GSM7, GsmAlphabet::septets, GSM7_SINGLE, GSM7_PART);
        }
        return count(body, Encoding.UCS2, Character::charCount, UCS2_SINGLE, UCS2_PART);
    }

    /**
     * Packs code points greedily into parts; a character that would overflow a part starts the
     * next one, because phones cannot rejoin a split escape sequence or surrogate pair.
     */
    private static Segments count(String body, Encoding encoding, IntUnaryOperator cost,
                                  int single, int part) {
        int units = body.codePoints().map(cost).sum();
        if (units <= single) {
            return new Segments(encoding, units == 0 ? 0 : 1, units);
        }
        int parts = 1;
        int used = 0;
        for (int cp : body.codePoints().toArray()) {
            int c = cost.applyAsInt(cp);
            if (used + c > part) {
                parts++;
                used = 0;
            }
            used += c;
        }
        return new Segments(encoding, parts, units);
    }
}
