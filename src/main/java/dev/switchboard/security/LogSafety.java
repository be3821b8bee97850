package dev.switchboard.security;

import java.util.regex.Pattern;

/**
 * What every log line goes through (see {@code logback.xml}): line breaks and other control characters in text that
 * came from outside are shown escaped, so no input can forge a log line; phone numbers are masked
 * ({@code +1415•••0100}) unless {@code switchboard.log.mask-phones=false}.
 */
public final class LogSafety {

    private static final Pattern PHONE = Pattern.compile("\\+[1-9]\\d{7,14}(?!\\d)");
    private static volatile boolean maskPhones = true;

    private LogSafety() {
    }

    public static void maskPhones(boolean enabled) {
        maskPhones = enabled;
    }

    /** One line of text: CR, LF and other control characters escaped, phone numbers masked. */
    public static String line(String text) {
        if (text == null) {
            return null;
        }
        return mask(escapeControls(text));
    }

    /** {@code +14155550100} becomes {@code +1415•••0100}. */
    public static String mask(String text) {
        if (!maskPhones || text.indexOf('+') < 0) {
            return text;
        }
        return PHONE.matcher(text).replaceAll(m -> {
            String n = m.group();
            return n.substring(0, 5) + "•••" + n.substring(n.length() - 4);
        });
    }

    static String escapeControls(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '\r' -> "\\r";
                case '\n' -> "\\n";
                case '\t' -> null; // harmless, and common in pasted text
                case '\u0085', '\u2028', '\u2029' -> "\\u" + String.format("%04x", (int) c);
                default -> Character.isISOControl(c) ? "\\u" + String.format("%04x", (int) c) : null;
            };
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
