package dev.switchboard.mail;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The senders whose mail becomes SMS: exact addresses ({@code ops@example.com}) and whole domains
 * ({@code @example.com}, not its subdomains), compared case-insensitively. An empty list allows no one.
 */
public final class AllowedSenders {

    private final Set<String> addresses;
    private final Set<String> domains;

    private AllowedSenders(Set<String> addresses, Set<String> domains) {
        this.addresses = addresses;
        this.domains = domains;
    }

    /** Parses a comma-separated list such as {@code ops@example.com, @alerts.example.com}. */
    public static AllowedSenders parse(String list) {
        List<String> entries = list == null ? List.of() : Arrays.stream(list.split(","))
                .map(e -> e.strip().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty()).toList();
        for (String entry : entries) {
            int at = entry.indexOf('@');
            if (at < 0 || at != entry.lastIndexOf('@') || at == entry.length() - 1 || entry.contains(" ")) {
                throw new IllegalStateException("allowed sender '" + entry
                        + "' (SWITCHBOARD_MAIL_ALLOWED_SENDERS) must be an address (ops@example.com) or a domain (@example.com)");
            }
        }
        return new AllowedSenders(
                entries.stream().filter(e -> !e.startsWith("@")).collect(Collectors.toUnmodifiableSet()),
                entries.stream().filter(e -> e.startsWith("@")).map(e -> e.substring(1))
                        .collect(Collectors.toUnmodifiableSet()));
    }

    public boolean isEmpty() {
        return addresses.isEmpty() && domains.isEmpty();
    }

    public int size() {
        return addresses.size() + domains.size();
    }

    /** True when {@code address} (a bare address, no display name) is on the list. */
    public boolean allows(String address) {
        if (address == null) {
            return false;
        }
        String a = address.strip().toLowerCase(Locale.ROOT);
        int at = a.lastIndexOf('@');
        if (at <= 0 || at == a.length() - 1) {
            return false;
        }
        return addresses.contains(a) || domains.contains(a.substring(at + 1));
    }

    /**
     * Why a mail is refused, or {@code null} when both its envelope sender (Return-Path) and its single From
     * address are allowed: a forged From alone does not get through, nor does a bounce ({@code <>}).
     */
    public String refusal(MailHeaders mail) {
        if (mail.returnPath() == null) {
            return "no envelope sender (Return-Path missing or empty)";
        }
        if (mail.from().size() != 1) {
            return "the From header must name exactly one address (it names " + mail.from().size() + ")";
        }
        if (!allows(mail.returnPath())) {
            return "envelope sender " + MailHeaders.forLog(mail.returnPath()) + " is not an allowed sender";
        }
        if (!allows(mail.from().get(0))) {
            return "From " + MailHeaders.forLog(mail.from().get(0)) + " is not an allowed sender";
        }
        return null;
    }
}
