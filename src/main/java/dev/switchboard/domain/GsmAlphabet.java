package dev.switchboard.domain;

/** The GSM 03.38 default alphabet and its extension table, as septet costs per character. */
final class GsmAlphabet {

    /** The 127 printable positions of the basic table (0x1B, the escape, is not a character). */
    private static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅå"
            + "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
            + " !\"#¤%&'()*+,-./"
            + "0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNO"
            + "PQRSTUVWXYZÄÖÑÜ§"
            + "¿abcdefghijklmno"
            + "pqrstuvwxyzäöñüà";

    /** Reached through the escape, so each costs two septets; form feed is part of the real table. */
    private static final String EXTENSION = "\f^{}\\[~]|€";

    /** Returned by {@link #septets(int)} for a character GSM-7 cannot carry. */
    static final int NOT_GSM = -1;

    private GsmAlphabet() {
    }

    /** Septets this code point costs in GSM-7: 1, 2, or {@link #NOT_GSM}. */
    static int septets(int codePoint) {
        if (Character.isSupplementaryCodePoint(codePoint)) {
            return NOT_GSM;
        }
        char c = (char) codePoint;
        if (BASIC.indexOf(c) >= 0) {
            return 1;
        }
        return EXTENSION.indexOf(c) >= 0 ? 2 : NOT_GSM;
    }

    /** True when every character of {@code text} is in the basic or extension table. */
    static boolean canEncode(String text) {
        return text.codePoints().allMatch(cp -> septets(cp) != NOT_GSM);
    }
}
