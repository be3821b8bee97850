package dev.switchboard.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeUtility;

import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the adapter needs from a mail's headers, read once: who sent it (envelope and From), to whom, its
 * subject and Message-ID, and whether a machine sent it automatically (RFC 3834), which is never answered.
 *
 * @param messageId     the Message-ID as written, or {@code null}
 * @param returnPath    the envelope sender from the topmost Return-Path, or {@code null} when absent or {@code <>}
 * @param from          the From addresses, bare
 * @param to            the To addresses, bare
 * @param subject       decoded, or {@code ""}
 * @param date          the Date header as written, or {@code ""}
 * @param automatic     Auto-Submitted other than "no", or Precedence bulk/junk/list
 */
public record MailHeaders(String messageId, String returnPath, List<String> from, List<String> to, String subject,
                          String date, boolean automatic) {

    private static final Pattern LONG_DIGITS = Pattern.compile("\\d{7,}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    public MailHeaders {
        from = List.copyOf(from);
        to = List.copyOf(to);
    }

    public static MailHeaders read(Message mail) throws MessagingException {
        String autoSubmitted = first(mail, "Auto-Submitted");
        String precedence = first(mail, "Precedence");
        boolean automatic = (autoSubmitted != null && !autoSubmitted.strip().toLowerCase(Locale.ROOT).startsWith("no"))
                || (precedence != null && precedence.strip().toLowerCase(Locale.ROOT).matches("bulk|junk|list"));
        String messageId = clean(first(mail, "Message-ID"));
        return new MailHeaders(messageId.isEmpty() ? null : messageId, returnPath(clean(first(mail, "Return-Path"))),
                addresses(mail, "From"), addresses(mail, "To"), decoded(first(mail, "Subject")),
                clean(first(mail, "Date")), automatic);
    }

    /** An address for the log: a long run of digits (a phone number as a mailbox name) is masked. */
    public static String forLog(String address) {
        return address == null ? "<none>" : LONG_DIGITS.matcher(clean(address)).replaceAll(m ->
                "•••" + m.group().substring(m.group().length() - 4));
    }

    /** The Message-ID for the log. */
    public String idForLog() {
        return messageId == null ? "<no Message-ID>" : forLog(messageId.strip());
    }

    // The topmost Return-Path is the one the final delivering server wrote; any below it came with the mail.
    private static String first(Message mail, String name) throws MessagingException {
        String[] values = mail.getHeader(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    private static String returnPath(String header) {
        String path = header.strip();
        if (path.startsWith("<") && path.endsWith(">")) {
            path = path.substring(1, path.length() - 1).strip();
        }
        return path.isEmpty() || !path.contains("@") ? null : path;
    }

    // Lenient parsing: one odd address must not make the whole mail unreadable.
    private static List<String> addresses(Message mail, String name) throws MessagingException {
        String[] values = mail.getHeader(name);
        List<String> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String value : values) {
            try {
                for (InternetAddress a : InternetAddress.parseHeader(value, false)) {
                    if (a.getAddress() != null && !a.getAddress().isBlank()) {
                        out.add(a.getAddress().strip());
                    }
                }
            } catch (AddressException e) {
                // unparseable: contributes no address
            }
        }
        return out;
    }

    // Decoded, then cleaned: an encoded word could otherwise smuggle a line break into the reply's Subject header.
    private static String decoded(String value) {
        if (value == null) {
            return "";
        }
        try {
            return clean(MimeUtility.decodeText(MimeUtility.unfold(value)));
        } catch (UnsupportedEncodingException e) {
            return clean(value);
        }
    }

    /** Unfolded, control characters (line breaks included) turned into spaces, stripped; {@code ""} for null. */
    static String clean(String value) {
        return value == null ? "" : CONTROL.matcher(MimeUtility.unfold(value)).replaceAll(" ").strip();
    }
}
