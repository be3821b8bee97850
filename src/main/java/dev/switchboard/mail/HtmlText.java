package dev.switchboard.mail;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns an HTML mail body into plain text in one linear pass: tags removed, entities decoded, the content of
 * script, style and head dropped, blocks and line breaks kept as lines, and blockquotes marked as {@code >} lines so
 * the quoted-reply trimming removes them. It never interprets the HTML, so hostile markup can only end up as text.
 */
public final class HtmlText {

    private static final Set<String> DROPPED = Set.of("script", "style", "head", "title", "template", "svg", "object");
    private static final Set<String> BLOCKS = Set.of("address", "article", "aside", "center", "dd", "div", "dl", "dt",
            "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li", "main", "nav", "ol", "section",
            "table", "tbody", "tfoot", "thead", "tr", "ul");
    private static final Set<String> PARAGRAPHS = Set.of("p", "h1", "h2", "h3", "h4", "h5", "h6");
    private static final Map<String, Integer> ENTITIES = entities();

    private HtmlText() {
    }

    public static String toText(String html) {
        TextOut out = new TextOut();
        int n = html.length();
        int i = 0;
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<') {
                i = tag(html, i, out);
            } else if (c == '&') {
                i = entity(html, i, out);
            } else {
                out.text(c);
                i++;
            }
        }
        return out.finish();
    }

    /** Handles the markup starting at {@code i} and returns the index just after it. */
    private static int tag(String html, int i, TextOut out) {
        int n = html.length();
        if (html.startsWith("<!--", i)) {
            int end = html.indexOf("-->", i + 4);
            return end < 0 ? n : end + 3;
        }
        int j = i + 1;
        boolean closing = j < n && html.charAt(j) == '/';
        if (closing) {
            j++;
        }
        if (j < n && !closing && (html.charAt(j) == '!' || html.charAt(j) == '?')) {
            int end = html.indexOf('>', j);
            return end < 0 ? n : end + 1;
        }
        if (j >= n || !Character.isLetter(html.charAt(j))) {
            out.text('<'); // "a < b" is text, not markup
            return i + 1;
        }
        int nameEnd = j;
        while (nameEnd < n && (Character.isLetterOrDigit(html.charAt(nameEnd)) || html.charAt(nameEnd) == '-')) {
            nameEnd++;
        }
        String name = html.substring(j, nameEnd).toLowerCase(Locale.ROOT);
        int end = tagEnd(html, nameEnd);
        if (end < 0) {
            return n; // an unterminated tag swallows the rest, as browsers do
        }
        boolean selfClosing = html.charAt(end - 1) == '/';
        if (!closing && !selfClosing && DROPPED.contains(name)) {
            return afterClosingTag(html, end + 1, name);
        }
        switch (name) {
            case "br" -> out.newline();
            case "blockquote" -> out.quote(closing ? -1 : 1);
            case "pre" -> out.pre(closing ? -1 : 1);
            case "td", "th" -> out.cell();
            default -> {
                if (PARAGRAPHS.contains(name)) {
                    out.paragraph();
                } else if (BLOCKS.contains(name)) {
                    out.block();
                    if (name.equals("li") && !closing) {
                        out.literal("- ");
                    }
                }
            }
        }
        return end + 1;
    }

    // The '>' that ends a tag, skipping quoted attribute values; -1 when there is none.
    private static int tagEnd(String html, int from) {
        char quote = 0;
        for (int k = from; k < html.length(); k++) {
            char c = html.charAt(k);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return k;
            }
        }
        return -1;
    }

    private static int afterClosingTag(String html, int from, String name) {
        int k = from;
        while ((k = html.indexOf("</", k)) >= 0) {
            int after = k + 2 + name.length();
            if (html.regionMatches(true, k + 2, name, 0, name.length())
                    && (after >= html.length() || !Character.isLetterOrDigit(html.charAt(after)))) {
                int end = html.indexOf('>', after);
                return end < 0 ? html.length() : end + 1;
            }
            k += 2;
        }
        return html.length();
    }

    private static int entity(String html, int i, TextOut out) {
        int semi = -1;
        for (int k = i + 1; k < Math.min(html.length(), i + 34) && semi < 0; k++) { // bounded: stays linear
            if (html.charAt(k) == ';') {
                semi = k;
            }
        }
        if (semi < 0) {
            out.text('&');
            return i + 1;
        }
        String name = html.substring(i + 1, semi);
        int codePoint = name.startsWith("#") ? numeric(name.substring(1)) : ENTITIES.getOrDefault(name, -2);
        if (codePoint == -2) {
            out.text('&'); // not an entity: keep the ampersand as text
            return i + 1;
        }
        if (codePoint >= 0) {
            for (char c : Character.toChars(codePoint)) {
                out.text(c);
            }
        }
        return semi + 1;
    }

    // -2: not a number; -1: renders as nothing; invalid code points become U+FFFD.
    private static int numeric(String digits) {
        boolean hex = digits.startsWith("x") || digits.startsWith("X");
        String value = hex ? digits.substring(1) : digits;
        if (value.isEmpty() || value.length() > 8 || !value.chars().allMatch(ch -> Character.digit(ch, hex ? 16 : 10) >= 0)) {
            return -2;
        }
        long cp = Long.parseLong(value, hex ? 16 : 10);
        boolean valid = cp > 0 && cp <= Character.MAX_CODE_POINT && !(cp >= 0xD800 && cp <= 0xDFFF);
        return valid ? (int) cp : 0xFFFD;
    }

    private static Map<String, Integer> entities() {
        Map<String, Integer> m = new HashMap<>();
        String[] pairs = ("amp & lt < gt > quot \" apos ' nbsp \u00a0 ensp \u00a0 emsp \u00a0 thinsp \u00a0 ndash \u2013 "
                + "mdash \u2014 lsquo \u2018 rsquo \u2019 sbquo \u201a ldquo \u201c rdquo \u201d bdquo \u201e "
                + "hellip \u2026 bull \u2022 middot \u00b7 copy \u00a9 reg \u00ae trade \u2122 euro \u20ac pound \u00a3 "
                + "yen \u00a5 cent \u00a2 sect \u00a7 para \u00b6 deg \u00b0 plusmn \u00b1 times \u00d7 divide \u00f7 "
                + "laquo \u00ab raquo \u00bb iexcl \u00a1 iquest \u00bf szlig \u00df aacute \u00e1 agrave \u00e0 "
                + "acirc \u00e2 auml \u00e4 atilde \u00e3 aring \u00e5 aelig \u00e6 ccedil \u00e7 eacute \u00e9 "
                + "egrave \u00e8 ecirc \u00ea euml \u00eb iacute \u00ed igrave \u00ec icirc \u00ee iuml \u00ef "
                + "ntilde \u00f1 oacute \u00f3 ograve \u00f2 ocirc \u00f4 ouml \u00f6 otilde \u00f5 oslash \u00f8 "
                + "uacute \u00fa ugrave \u00f9 ucirc \u00fb uuml \u00fc Auml \u00c4 Ouml \u00d6 Uuml \u00dc "
                + "Eacute \u00c9 Aring \u00c5 AElig \u00c6 Oslash \u00d8 Ntilde \u00d1 Ccedil \u00c7").split(" ");
        for (int k = 0; k + 1 < pairs.length; k += 2) {
            m.put(pairs[k], pairs[k + 1].codePointAt(0));
        }
        for (String invisible : new String[] {"shy", "zwnj", "zwj", "lrm", "rlm"}) {
            m.put(invisible, -1);
        }
        return Map.copyOf(m);
    }
}
