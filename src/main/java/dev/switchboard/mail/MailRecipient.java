package dev.switchboard.mail;

import dev.switchboard.domain.InvalidRequestException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who a mail's SMS goes to: a To address whose mailbox name is a phone number ({@code +14155550100@sms.example.com})
 * or a subject {@code SMS +14155550100}. Exactly one number may be named; it is validated by the front door.
 */
public final class MailRecipient {

    static final String HOW = "address the mail to +<country code><number>@<any domain>, or write \"SMS +<number>\" as the subject";

    private static final Pattern LOCAL_PART_NUMBER = Pattern.compile("\\+?[0-9][0-9.\\-]{1,30}");
    private static final Pattern SUBJECT = Pattern.compile("(?i)^\\s*SMS\\s*:?\\s*(\\+?[0-9][0-9 ().\\-]{1,30})\\s*$");

    private MailRecipient() {
    }

    /**
     * The number as written (the front door parses and validates it).
     *
     * @throws InvalidRequestException {@code missing_to} when no number is named, {@code ambiguous_to} when several are
     */
    public static String of(List<String> toAddresses, String subject) {
        Set<String> numbers = new LinkedHashSet<>();
        for (String address : toAddresses) {
            int at = address.lastIndexOf('@');
            String local = unquote(at < 0 ? address : address.substring(0, at));
            if (LOCAL_PART_NUMBER.matcher(local).matches()) {
                numbers.add(local);
            }
        }
        Matcher m = SUBJECT.matcher(subject == null ? "" : subject);
        if (m.matches()) {
            numbers.add(m.group(1).strip());
        }
        Set<String> distinct = new LinkedHashSet<>();
        numbers.forEach(n -> distinct.add(n.replaceAll("[^+0-9]", "")));
        if (distinct.isEmpty()) {
            throw InvalidRequestException.unprocessable("missing_to", "to", "the mail names no phone number: " + HOW);
        }
        if (distinct.size() > 1) {
            throw InvalidRequestException.unprocessable("ambiguous_to", "to", "the mail names " + distinct.size()
                    + " different phone numbers; one mail sends one SMS to one number");
        }
        return numbers.iterator().next();
    }

    private static String unquote(String local) {
        String s = local.strip();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }
}
