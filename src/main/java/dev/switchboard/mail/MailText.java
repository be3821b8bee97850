package dev.switchboard.mail;

import dev.switchboard.domain.InvalidRequestException;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The text a mail says: its first text/plain part, else its first text/html part converted to text; parts that are
 * attachments (a filename or {@code Content-Disposition: attachment}) and attached mails are never read.
 */
public final class MailText {

    /** Larger text parts are refused rather than read: no SMS needs them, and quoted history is trimmed later. */
    static final int MAX_CHARS = 256 * 1024;
    static final int MAX_DEPTH = 10;
    /** More MIME parts than this is not a mail a person or an appliance writes: refused unread (a MIME bomb). */
    static final int MAX_PARTS = 100;
    private static final java.util.regex.Pattern SCRIPT = java.util.regex.Pattern.compile("(?i)<\\s*script\\b");

    private MailText() {
    }

    /** The mail's own text, before quoted replies and signatures are trimmed; {@code ""} when it has none. */
    public static String of(Part mail) throws MessagingException, IOException {
        Part plain = find(mail, "text/plain", 0, new int[1]);
        if (plain != null) {
            String text = read(plain);
            return isFlowed(plain) ? unflow(text, delSp(plain)) : text;
        }
        Part html = find(mail, "text/html", 0, new int[1]);
        if (html == null) {
            return "";
        }
        String markup = read(html);
        if (SCRIPT.matcher(markup).find()) {
            throw InvalidRequestException.unprocessable("html_with_script", "body",
                    "the mail's HTML contains a script; send the text as plain text");
        }
        return HtmlText.toText(markup);
    }

    private static Part find(Part part, String mimeType, int depth, int[] seen) throws MessagingException, IOException {
        if (++seen[0] > MAX_PARTS) {
            throw InvalidRequestException.unprocessable("too_many_parts", null,
                    "the mail has more than " + MAX_PARTS + " MIME parts");
        }
        if (depth > MAX_DEPTH) {
            throw InvalidRequestException.unprocessable("too_deeply_nested", null,
                    "the mail's MIME parts are nested more than " + MAX_DEPTH + " deep");
        }
        if (isAttachment(part)) {
            return null;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                Part found = find(multipart.getBodyPart(i), mimeType, depth + 1, seen);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        return part.isMimeType(mimeType) ? part : null;
    }

    private static boolean isAttachment(Part part) throws MessagingException {
        return Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition()) || part.getFileName() != null;
    }

    private static String read(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_CHARS * 4 + 1);
            String text = new String(bytes, charset(part));
            if (bytes.length > MAX_CHARS * 4 || text.length() > MAX_CHARS) {
                throw InvalidRequestException.unprocessable("body_too_long", "body",
                        "the text of the mail is larger than " + MAX_CHARS / 1024 + " KiB");
            }
            return text;
        }
    }

    // A missing or unknown charset is read as UTF-8 rather than refused.
    private static Charset charset(Part part) throws MessagingException {
        try {
            String name = new ContentType(part.getContentType()).getParameter("charset");
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(MimeUtility.javaCharset(name));
        } catch (ParseException | IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private static boolean isFlowed(Part part) throws MessagingException {
        return "flowed".equalsIgnoreCase(parameter(part, "format"));
    }

    private static boolean delSp(Part part) throws MessagingException {
        return "yes".equalsIgnoreCase(parameter(part, "delsp"));
    }

    private static String parameter(Part part, String name) throws MessagingException {
        try {
            String value = new ContentType(part.getContentType()).getParameter(name);
            return value == null ? null : value.toLowerCase(Locale.ROOT);
        } catch (ParseException e) {
            return null;
        }
    }

    /**
     * Undoes RFC 3676 format=flowed: a line ending in a space continues on the next line (quoted lines and the
     * signature delimiter excepted), and a leading space added for stuffing is removed.
     */
    static String unflow(String text, boolean delSp) {
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].startsWith(" ") ? lines[i].substring(1) : lines[i];
            boolean soft = line.endsWith(" ") && !line.equals("-- ") && !line.startsWith(">")
                    && i + 1 < lines.length && !lines[i + 1].startsWith(">");
            if (soft) {
                out.append(delSp ? line.substring(0, line.length() - 1) : line);
            } else {
                out.append(line);
                if (i + 1 < lines.length) {
                    out.append('\n');
                }
            }
        }
        return out.toString();
    }
}
