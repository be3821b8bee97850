package dev.switchboard.mail;

/** The text {@link HtmlText} writes: HTML whitespace collapsing, lines for blocks, {@code >} prefixes inside quotes. */
final class TextOut {

    private final StringBuilder sb = new StringBuilder();
    private boolean lineStart = true;
    private boolean pendingSpace;
    private int quoteDepth;
    private int preDepth;

    void text(char c) {
        if (preDepth > 0 && (c == '\n' || c == '\r')) {
            if (c == '\n') {
                newline();
            }
        } else if (preDepth > 0 && (c == ' ' || c == '\t')) {
            literal(" "); // preformatted: spaces are kept
        } else if (Character.isWhitespace(c)) {
            pendingSpace = pendingSpace || !lineStart;
        } else if (!Character.isISOControl(c)) {
            literal(String.valueOf(c == '\u00a0' ? ' ' : c));
        }
    }

    void literal(String s) {
        if (lineStart && quoteDepth > 0) {
            sb.append(">".repeat(quoteDepth)).append(' ');
        } else if (pendingSpace) {
            sb.append(' ');
        }
        sb.append(s);
        lineStart = false;
        pendingSpace = false;
    }

    void newline() {
        sb.append('\n');
        lineStart = true;
        pendingSpace = false;
    }

    void block() {
        if (!lineStart) {
            newline();
        }
    }

    void paragraph() {
        block();
        if (sb.length() > 0 && !endsWithBlankLine()) {
            newline();
        }
    }

    void cell() {
        pendingSpace = !lineStart;
    }

    void quote(int delta) {
        block();
        quoteDepth = Math.max(0, quoteDepth + delta);
    }

    void pre(int delta) {
        block();
        preDepth = Math.max(0, preDepth + delta);
    }

    /** The text with trailing spaces removed from every line, at most one blank line in a row, and no outer blank lines. */
    String finish() {
        StringBuilder result = new StringBuilder();
        int blank = 0;
        for (String line : sb.toString().split("\n", -1)) {
            String trimmed = line.stripTrailing();
            if (trimmed.isBlank()) {
                blank++;
                continue;
            }
            if (result.length() > 0) {
                result.append(blank > 0 ? "\n\n" : "\n");
            }
            result.append(trimmed);
            blank = 0;
        }
        return result.toString();
    }

    private boolean endsWithBlankLine() {
        int n = sb.length();
        return n >= 2 && sb.charAt(n - 1) == '\n' && sb.charAt(n - 2) == '\n';
    }
}
