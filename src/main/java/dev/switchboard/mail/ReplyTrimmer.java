package dev.switchboard.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps only what the sender wrote: drops quoted lines ({@code >}), reply attributions ("On … wrote:"), everything
 * from a signature delimiter ({@code -- }) or an "Original Message" marker on, and surplus blank lines.
 */
public final class ReplyTrimmer {

    private static final Pattern ATTRIBUTION_START = Pattern.compile("(?i)^\\s*(on|am|le)\\s.*");
    private static final Pattern ORIGINAL_MESSAGE = Pattern.compile(
            "(?i)^\\s*-{2,}\\s*(original message|ursprüngliche nachricht|message d'origine)\\s*-{2,}\\s*$");

    private ReplyTrimmer() {
    }

    public static String trim(String text) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.equals("-- ") || line.equals("--") || ORIGINAL_MESSAGE.matcher(line).matches()) {
                break;
            }
            if (line.stripLeading().startsWith(">") || attribution(line)) {
                continue;
            }
            // Clients wrap a long attribution: "On Mon, 1 Jan 2024 at 10:00, Ann Example <" / "ann@example.com> wrote:"
            if (i + 1 < lines.length && ATTRIBUTION_START.matcher(line).matches()
                    && attribution(line.stripTrailing() + " " + lines[i + 1].strip())) {
                i++;
                continue;
            }
            kept.add(line.stripTrailing());
        }
        return collapse(kept);
    }

    /**
     * English, German and French mail clients' attribution lines: "On … wrote:", "Am … schrieb …:",
     * "Le … a écrit :". Read with indexOf and character checks, in time linear in the line (a regular expression
     * with two open-ended parts took time quadratic in a long line of a hostile mail).
     */
    static boolean attribution(String line) {
        String s = line.strip().toLowerCase(Locale.ROOT);
        if (!s.endsWith(":")) {
            return false;
        }
        String head = s.substring(0, s.length() - 1).stripTrailing();
        return opens(head, "on") && endsWithWord(head, "wrote", 3)
                || opens(head, "le") && endsWithWord(head, "écrit", 3) && wordBefore(head, "écrit", "a", 3)
                || opens(head, "am") && schrieb(head);
    }

    /** {@code head} starts with {@code word} and a space. */
    private static boolean opens(String head, String word) {
        return head.length() > word.length() && head.startsWith(word)
                && Character.isWhitespace(head.charAt(word.length()));
    }

    /** {@code head} ends with a space and {@code word}, leaving more than {@code from} characters before the space. */
    private static boolean endsWithWord(String head, String word, int from) {
        int space = head.length() - word.length() - 1;
        return head.endsWith(word) && space > from && Character.isWhitespace(head.charAt(space));
    }

    /** Before the last word, spaces, then {@code word} after a space, past {@code from}: "… a écrit". */
    private static boolean wordBefore(String head, String last, String word, int from) {
        int end = head.length() - last.length() - 1;
        while (end > 0 && Character.isWhitespace(head.charAt(end - 1))) {
            end--;
        }
        int space = end - word.length() - 1;
        return space > from && head.startsWith(word, end - word.length()) && Character.isWhitespace(head.charAt(space));
    }

    /** A space and "schrieb" somewhere after "am " and at least one more character. */
    private static boolean schrieb(String head) {
        for (int at = head.indexOf("schrieb", 5); at >= 0; at = head.indexOf("schrieb", at + 1)) {
            if (Character.isWhitespace(head.charAt(at - 1))) {
                return true;
            }
        }
        return false;
    }

    private static String collapse(List<String> lines) {
        StringBuilder out = new StringBuilder();
        boolean blank = false;
        for (String line : lines) {
            if (line.isBlank()) {
                blank = true;
                continue;
            }
            if (out.length() > 0) {
                out.append(blank ? "\n\n" : "\n");
            }
            out.append(line);
            blank = false;
        }
        return out.toString();
    }
}
