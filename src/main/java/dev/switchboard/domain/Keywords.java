package dev.switchboard.domain;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Recognises Twilio's opt-out, opt-in and help keywords in an inbound message body. */
public final class Keywords {

    private static final Map<String, Keyword> BY_WORD = new HashMap<>();

    static {
        for (Keyword keyword : Keyword.values()) {
            keyword.words().forEach(word -> BY_WORD.put(word.toUpperCase(Locale.ROOT), keyword));
        }
    }

    private Keywords() {
    }

    /**
     * The keyword a body is, or empty. Only a body that is exactly one keyword counts, ignoring case and
     * any whitespace, punctuation or invisible formatting characters around it: {@code "Stop."} does,
     * {@code "please stop"} does not. {@code null} is not a keyword.
     */
    public static Optional<Keyword> classify(String body) {
        return word(body).map(BY_WORD::get);
    }

    /** The keyword a body is, spelled in lower case as Twilio lists it ({@code "stopall"}), or empty. */
    public static Optional<String> keywordOf(String body) {
        return word(body).map(word -> word.toLowerCase(Locale.ROOT));
    }

    private static Optional<String> word(String body) {
        if (body == null) {
            return Optional.empty();
        }
        int start = 0;
        int end = body.length();
        while (start < end && isPadding(body.codePointAt(start))) {
            start += Character.charCount(body.codePointAt(start));
        }
        while (end > start && isPadding(body.codePointBefore(end))) {
            end -= Character.charCount(body.codePointBefore(end));
        }
        // Locale.ROOT: under a Turkish default locale "quit".toUpperCase() would be "QUİT".
        String word = body.substring(start, end).toUpperCase(Locale.ROOT);
        return BY_WORD.containsKey(word) ? Optional.of(word) : Optional.empty();
    }

    // Invisible characters (zero-width space, BOM) count as padding too: a pasted "STOP" must still opt out.
    private static boolean isPadding(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == '\u0085') {
            return true;
        }
        // ASCII symbols such as ~ and + are POSIX punctuation, though Unicode files them as symbols.
        if (cp < 0x80 && !Character.isLetterOrDigit(cp) && !Character.isISOControl(cp)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.FORMAT -> true;
            default -> false;
        };
    }
}
