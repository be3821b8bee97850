package dev.switchboard.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Keeps only what the sender wrote: drops quoted lines ({@code >}), reply attributions ("On … wrote:"), everything
 * from a signature delimiter ({@code -- }) or an "Original Message" marker on, and surplus blank lines.
 */
public final class ReplyTrimmer {

    // English, German and French mail clients' attribution lines.
    private static final Pattern ATTRIBUTION = Pattern.compile(
            "(?i)^\\s*(on\\s.+\\swrote|am\\s.+\\sschrieb.*|le\\s.+\\sa\\s+écrit)\\s*:\\s*$");
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
            if (line.stripLeading().startsWith(">") || ATTRIBUTION.matcher(line).matches()) {
                continue;
            }
            // Clients wrap a long attribution: "On Mon, 1 Jan 2024 at 10:00, Ann Example <" / "ann@example.com> wrote:"
            if (i + 1 < lines.length && ATTRIBUTION_START.matcher(line).matches()
                    && ATTRIBUTION.matcher(line.stripTrailing() + " " + lines[i + 1].strip()).matches()) {
                i++;
                continue;
            }
            kept.add(line.stripTrailing());
        }
        return collapse(kept);
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
