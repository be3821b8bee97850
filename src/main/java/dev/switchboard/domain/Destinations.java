package dev.switchboard.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonemetadata;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The countries messages, calls and codes may go to ({@code SWITCHBOARD_ALLOWED_COUNTRIES}, ISO 3166 codes; empty:
 * all), and for SMS the number types that may take one ({@link #REFUSED_FOR_SMS} unless allowed). Checked at the front door, before anything is stored (422 {@code destination_not_allowed}), and again at
 * dispatch for messages stored before the setting changed.
 */
public final class Destinations {

    public static final String NOT_ALLOWED = "destination_not_allowed";

    /**
     * Number types that cannot take an SMS or cost the sender to text (libphonenumber's types), refused for SMS unless
     * {@code SWITCHBOARD_ALLOWED_NUMBER_TYPES} lists them. Fixed lines are not among them: where libphonenumber tells
     * fixed from mobile it is often wrong for SMS-capable landlines, and Twilio answers those itself (30006).
     */
    static final Set<PhoneNumberType> REFUSED_FOR_SMS = Set.copyOf(EnumSet.of(PhoneNumberType.PREMIUM_RATE,
            PhoneNumberType.SHARED_COST, PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL, PhoneNumberType.PAGER));

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    /** Every country, and the default refused number types for SMS. */
    public static final Destinations ALL = new Destinations(Set.of(), REFUSED_FOR_SMS);

    private final Set<String> allowed;
    private final Set<PhoneNumberType> refusedForSms;

    private Destinations(Set<String> allowed, Set<PhoneNumberType> refusedForSms) {
        this.allowed = allowed;
        this.refusedForSms = refusedForSms;
    }

    /** As {@link #parse(String)}, with {@code SWITCHBOARD_ALLOWED_NUMBER_TYPES} ({@code premium_rate,pager}). */
    public static Destinations parse(String countries, String allowedTypes) {
        Destinations byCountry = parse(countries);
        Set<PhoneNumberType> refused = EnumSet.noneOf(PhoneNumberType.class);
        refused.addAll(REFUSED_FOR_SMS);
        if (allowedTypes != null) {
            for (String part : allowedTypes.split(",")) {
                String name = part.trim().toUpperCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                PhoneNumberType type = REFUSED_FOR_SMS.stream().filter(t -> t.name().equals(name)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("switchboard.allowed.number-types"
                                + " (SWITCHBOARD_ALLOWED_NUMBER_TYPES): '" + part.trim() + "' is not one of "
                                + REFUSED_FOR_SMS.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).sorted().toList()));
                refused.remove(type);
            }
        }
        return new Destinations(byCountry.allowed, Set.copyOf(refused));
    }

    /** {@code US,CA,gb}: codes libphonenumber knows; anything else stops start-up naming the setting and the code. */
    public static Destinations parse(String setting) {
        Set<String> codes = new TreeSet<>();
        if (setting != null) {
            for (String part : setting.split(",")) {
                String code = part.trim().toUpperCase(Locale.ROOT);
                if (code.isEmpty()) {
                    continue;
                }
                if (!PHONES.getSupportedRegions().contains(code)) {
                    throw new IllegalArgumentException("switchboard.allowed.countries (SWITCHBOARD_ALLOWED_COUNTRIES):"
                            + " '" + part.trim() + "' is not an ISO 3166 country code with telephone numbers (e.g. US, GB)");
                }
                codes.add(code);
            }
        }
        return codes.isEmpty() ? ALL : new Destinations(Collections.unmodifiableSet(codes), REFUSED_FOR_SMS); // sorted
    }

    /**
     * The country of an E.164 number: by its number plan where libphonenumber can tell (+1 684 is AS), else the main
     * country of its calling code (+44 7700 900123, a number kept for fiction, is GB); {@code 001} for non-geographic
     * codes such as +800, {@code ZZ} for none.
     */
    public static String countryOf(String e164) {
        try {
            var number = number(e164);
            String region = PHONES.getRegionCodeForNumber(number);
            return region != null ? region : PHONES.getRegionCodeForCountryCode(number.getCountryCode());
        } catch (NumberParseException e) {
            return "ZZ";
        }
    }

    public boolean allows(String e164) {
        return allowed.isEmpty() || allowed.contains(countryOf(e164));
    }

    /** Throws 422 {@code destination_not_allowed} (field {@code field}) unless the number's country is allowed. */
    public void check(String e164, String field) {
        if (!allows(e164)) {
            throw InvalidRequestException.unprocessable(NOT_ALLOWED, field, "'" + field + "' is a number in "
                    + countryOf(e164) + ", and messages may only go to " + String.join(", ", allowed)
                    + " (SWITCHBOARD_ALLOWED_COUNTRIES)");
        }
    }

    /** As {@link #check(String, String)}, and for SMS also refuses premium-rate and other non-mobile number types. */
    public void check(String e164, String field, String channel) {
        check(e164, field);
        PhoneNumberType type = smsRefusedType(e164, channel);
        if (type != null) {
            throw InvalidRequestException.unprocessable(NOT_ALLOWED, field, "'" + field + "' is a "
                    + type.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " number, which cannot take an SMS or"
                    + " costs the sender to text (SWITCHBOARD_ALLOWED_NUMBER_TYPES allows it)");
        }
    }

    /** Whether a stored message may go: its country allowed, and for SMS its number type. */
    public boolean allows(String e164, String channel) {
        return allows(e164) && smsRefusedType(e164, channel) == null;
    }

    private PhoneNumberType smsRefusedType(String e164, String channel) {
        if (!Channel.SMS.is(channel) || refusedForSms.isEmpty()) {
            return null;
        }
        try {
            PhoneNumberType type = leadingType(number(e164));
            return refusedForSms.contains(type) ? type : null;
        } catch (NumberParseException e) {
            return null;
        }
    }

    /** What {@code PHONES.parse} makes of a stored E.164 number, through {@link E164#canonical} where it can. */
    private static Phonenumber.PhoneNumber number(String e164) throws NumberParseException {
        Phonenumber.PhoneNumber number = E164.canonical(e164);
        return number != null ? number : PHONES.parse(e164, null);
    }

    /** The types {@link PhoneNumberUtil#getNumberType} tries before fixed line and mobile, in its order. */
    private static final List<PhoneNumberType> LEADING_TYPES = List.of(PhoneNumberType.PREMIUM_RATE,
            PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST, PhoneNumberType.VOIP, PhoneNumberType.PERSONAL_NUMBER,
            PhoneNumberType.PAGER, PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL);
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
    private static final com.google.i18n.phonenumbers.metadata.source.MetadataSource METADATA =
            com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider.getInstance()
                    .getPhoneNumberMetadataSource();

    /**
     * {@link PhoneNumberUtil#getNumberType}'s answer when it is one of {@link #LEADING_TYPES} (every refusable type is),
     * else {@code UNKNOWN}, for a third of its cost: it resolves the region once (getNumberType did it twice, each time
     * matching the number against every type of the first candidate region), skips fixed line and mobile, and keeps its
     * patterns compiled in a concurrent map (libphonenumber's cache is one lock for all threads). The batch door spent a
     * third of its CPU in getNumberType (bench/README.md, section 7). {@code DestinationsTest} checks the two agree.
     */
    static PhoneNumberType leadingType(Phonenumber.PhoneNumber number) {
        String region = PHONES.getRegionCodeForNumber(number);
        Phonemetadata.PhoneMetadata metadata = region == null ? null
                : PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
                ? METADATA.getMetadataForNonGeographicalRegion(number.getCountryCode())
                : PHONES.getSupportedRegions().contains(region) ? METADATA.getMetadataForRegion(region) : null;
        if (metadata == null) {
            return PhoneNumberType.UNKNOWN;
        }
        String national = PHONES.getNationalSignificantNumber(number);
        if (!matches(national, metadata.getGeneralDesc())) {
            return PhoneNumberType.UNKNOWN;
        }
        for (PhoneNumberType type : LEADING_TYPES) {
            if (matches(national, desc(metadata, type))) {
                return type;
            }
        }
        return PhoneNumberType.UNKNOWN;
    }

    private static Phonemetadata.PhoneNumberDesc desc(Phonemetadata.PhoneMetadata m, PhoneNumberType type) {
        return switch (type) {
            case PREMIUM_RATE -> m.getPremiumRate();
            case TOLL_FREE -> m.getTollFree();
            case SHARED_COST -> m.getSharedCost();
            case VOIP -> m.getVoip();
            case PERSONAL_NUMBER -> m.getPersonalNumber();
            case PAGER -> m.getPager();
            case UAN -> m.getUan();
            case VOICEMAIL -> m.getVoicemail();
            default -> throw new IllegalArgumentException(type.name());
        };
    }

    /** libphonenumber's isNumberMatchingDesc: a possible length, and the whole number matches the pattern. */
    private static boolean matches(String national, Phonemetadata.PhoneNumberDesc desc) {
        List<Integer> lengths = desc.getPossibleLengthList();
        if (!lengths.isEmpty() && !lengths.contains(national.length())) {
            return false;
        }
        String pattern = desc.getNationalNumberPattern();
        return !pattern.isEmpty() && PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(national).matches();
    }

    /** The allowed countries, for messages ({@code US, CA}); empty when all are. */
    public String allowedList() {
        return String.join(", ", allowed);
    }
}
