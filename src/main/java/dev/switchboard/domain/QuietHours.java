package dev.switchboard.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A daily window, in the recipient's local time, during which no message may be sent to them. */
public record QuietHours(LocalTime start, LocalTime end) {

    static final String SETTING = "SWITCHBOARD_QUIET_HOURS";

    /** How far ahead {@link #nextAllowed} looks for a moment that is quiet nowhere. */
    static final Duration HORIZON = Duration.ofDays(7);

    private static final Pattern SPEC = Pattern.compile("(\\d{2}):(\\d{2})\\s*-\\s*(\\d{2}):(\\d{2})");
    private static final String UNKNOWN_ZONE = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();

    /** Quiet from {@code start} (inclusive) to {@code end} (exclusive); an end before the start wraps past midnight. */
    public QuietHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("quiet hours must not start and end at the same time: " + start);
        }
    }

    /**
     * Parses {@code HH:mm-HH:mm}, e.g. {@code 21:00-08:00}.
     *
     * @throws IllegalArgumentException naming {@value #SETTING} and the expected format
     */
    public static QuietHours parse(String spec) {
        Matcher m = SPEC.matcher(spec == null ? "" : spec.strip());
        if (!m.matches()) {
            throw invalid(spec, "expected HH:mm-HH:mm, e.g. 21:00-08:00");
        }
        try {
            LocalTime start = LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            LocalTime end = LocalTime.of(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
            if (start.equals(end)) {
                throw invalid(spec, "start and end must differ (HH:mm-HH:mm, e.g. 21:00-08:00)");
            }
            return new QuietHours(start, end);
        } catch (DateTimeException e) {
            throw invalid(spec, "not a time of day in HH:mm-HH:mm, 00:00 to 23:59, e.g. 21:00-08:00");
        }
    }

    private static IllegalArgumentException invalid(String spec, String reason) {
        return new IllegalArgumentException(SETTING + " is '" + spec + "': " + reason);
    }

    /**
     * The time zones a number may ring in, as libphonenumber maps its prefix. Numbers it cannot place
     * (answering only its unknown marker, nothing, or zone ids this JDK lacks) fall back to UTC, so a
     * window still applies, measured in UTC.
     */
    public static List<ZoneId> zonesOf(E164 number) {
        List<String> ids;
        try {
            PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
            ids = PhoneNumberToTimeZonesMapper.getInstance()
                    .getTimeZonesForNumber(phones.parse(number.value(), null));
        } catch (NumberParseException e) {
            ids = List.of();
        }
        List<ZoneId> zones = new ArrayList<>();
        for (String id : ids) {
            if (id.equals(UNKNOWN_ZONE)) {
                continue;
            }
            try {
                zones.add(ZoneId.of(id));
            } catch (DateTimeException e) {
                // A zone newer than this JDK's tz data: the number's other zones, or UTC, still apply.
            }
        }
        return zones.isEmpty() ? List.of(ZoneOffset.UTC) : List.copyOf(zones);
    }

    /** Whether a local time of day falls in the window. */
    public boolean covers(LocalTime local) {
        if (start.isBefore(end)) {
            return !local.isBefore(start) && local.isBefore(end);
        }
        return !local.isBefore(start) || local.isBefore(end);
    }

    /** True when it is quiet at {@code at} in any of the number's zones: the most restrictive reading. */
    public boolean isQuiet(E164 to, Instant at) {
        return isQuiet(zonesOf(to), at);
    }

    /**
     * {@code from} when it is not quiet, otherwise the earliest instant after it that is quiet in none
     * of the number's zones.
     *
     * @throws IllegalStateException when no such instant exists within {@link #HORIZON}, as for a long
     *     window over a number whose zones lie far apart
     */
    public Instant nextAllowed(E164 to, Instant from) {
        List<ZoneId> zones = zonesOf(to);
        if (!isQuiet(zones, from)) {
            return from;
        }
        Instant limit = from.plus(HORIZON);
        List<Instant> candidates = new ArrayList<>();
        for (ZoneId zone : zones) {
            candidates.addAll(exits(zone, from, limit));
        }
        return candidates.stream()
                .filter(c -> c.isAfter(from) && !c.isAfter(limit))
                .sorted()
                .filter(c -> !isQuiet(zones, c))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("quiet hours " + start + "-" + end + " leave no time within "
                        + HORIZON.toDays() + " days at which " + to.masked() + " is outside them in all of " + zones));
    }

    private boolean isQuiet(List<ZoneId> zones, Instant at) {
        return zones.stream().anyMatch(zone -> covers(at.atZone(zone).toLocalTime()));
    }

    /**
     * Every instant at which the window can end in one zone: each occurrence of the end time (twice on a
     * night the clocks go back), and each offset transition, since a clock change can jump past the end
     * (spring forward over it) or back before the start.
     */
    private List<Instant> exits(ZoneId zone, Instant from, Instant limit) {
        ZoneRules rules = zone.getRules();
        List<Instant> exits = new ArrayList<>();
        LocalDate last = limit.atZone(zone).toLocalDate();
        for (LocalDate day = from.atZone(zone).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
            for (ZoneOffset offset : rules.getValidOffsets(day.atTime(end))) {
                exits.add(day.atTime(end).toInstant(offset));
            }
        }
        for (ZoneOffsetTransition t = rules.nextTransition(from); t != null && t.getInstant().isBefore(limit);
                t = rules.nextTransition(t.getInstant())) {
            exits.add(t.getInstant());
        }
        return exits;
    }
}
