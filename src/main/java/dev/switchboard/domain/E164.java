package dev.switchboard.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.ValidationResult;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** A phone number in E.164 form ({@code +14155550100}) whose {@code toString()} is masked so it never leaks into logs. */
public record E164(String value) {

    /** Longer input is refused before libphonenumber sees it. */
    static final int MAX_INPUT_LENGTH = 32;

    private static final PhoneNumberUtil PHONE = PhoneNumberUtil.getInstance();

    // E.164 caps numbers at 15 digits, but libphonenumber deems some longer national numbers possible (Germany: 17).
    private static final Pattern SHAPE = Pattern.compile("\\+[1-9][0-9]{1,16}");

    private static final String BULLETS = "•••";

    // The metadata PhoneNumberUtil.getInstance() reads (its own getters are package-private).
    private static final MetadataSource METADATA =
            DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();

    private static final Set<Integer> CALLING_CODES = Set.copyOf(PHONE.getSupportedCallingCodes());

    /** Per calling code, the pattern parse strips from the start of a national number, where there is one. */
    private static final Map<Integer, Pattern> NATIONAL_PREFIXES = nationalPrefixes();

    public E164 {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not an E.164 number");
        }
    }

    /**
     * Parses what a person typed ({@code +1 (415) 555-0100}, {@code +44 20 7946 0958}) into E.164.
     * Accepts any possible number, not only numbers libphonenumber knows to be assigned, so the
     * fictional numbers in docs and Twilio's magic test numbers pass; Twilio decides routability.
     *
     * @param field the request field, used in the error code ({@code invalid_<field>}) and message
     */
    public static E164 parse(String raw, String field) {
        String code = "invalid_" + field;
        if (raw == null) {
            throw InvalidRequestException.unprocessable(code, field, "'" + field + "' is required");
        }
        String text = raw.strip();
        if (text.length() > MAX_INPUT_LENGTH) {
            throw invalid(field, "longer than " + MAX_INPUT_LENGTH + " characters");
        }
        if (!text.startsWith("+")) {
            throw InvalidRequestException.unprocessable(code, field,
                    "'" + field + "' must start with + and a country code, e.g. +14155550100");
        }
        // libphonenumber silently drops trailing control characters; refuse them instead.
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw invalid(field, "contains control characters");
        }
        PhoneNumber number = canonical(text);
        if (number == null) {
            try {
                number = PHONE.parse(text, null);
            } catch (NumberParseException e) {
                throw invalid(field, reason(e.getErrorType()));
            }
        }
        if (number.hasExtension()) {
            // An SMS cannot reach an extension; dropping it silently would text the switchboard.
            throw invalid(field, "extensions are not supported");
        }
        ValidationResult possible = PHONE.isPossibleNumberWithReason(number);
        if (possible != ValidationResult.IS_POSSIBLE) {
            throw invalid(field, reason(possible));
        }
        return new E164(PHONE.format(number, PhoneNumberFormat.E164));
    }

    /**
     * The number {@code PHONE.parse} builds from text already in E.164 form ({@code +} and digits), without its
     * regular expressions (extension, punctuation, viability; parse was 20 % of a file import's samples);
     * null where parse could build another one or fail, and parse decides: an unknown country code, a national
     * number under 2 or over 17 digits, a leading zero (Italy's), or one the country's national prefix for
     * parsing matches ({@code +78495…}: Russia's 8), which parse may strip. {@code E164Test} compares the two
     * over every calling code.
     */
    static PhoneNumber canonical(String text) {
        int n = text.length();
        if (n < 4 || text.charAt(0) != '+') {
            return null;
        }
        for (int i = 1; i < n; i++) {
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return null;
            }
        }
        for (int ccLength = 1; ccLength <= 3; ccLength++) {
            int cc = Integer.parseInt(text, 1, 1 + ccLength, 10);
            if (!CALLING_CODES.contains(cc)) {
                continue;
            }
            int nsnLength = n - 1 - ccLength;
            if (nsnLength < 2 || nsnLength > 17 || text.charAt(1 + ccLength) == '0') {
                return null;
            }
            Pattern prefix = NATIONAL_PREFIXES.get(cc);
            if (prefix != null && prefix.matcher(text).region(1 + ccLength, n).lookingAt()) {
                return null;
            }
            return new PhoneNumber().setCountryCode(cc).setNationalNumber(Long.parseLong(text, 1 + ccLength, n, 10));
        }
        return null;
    }

    private static Map<Integer, Pattern> nationalPrefixes() {
        Map<Integer, Pattern> prefixes = new HashMap<>();
        for (int cc : CALLING_CODES) {
            String region = PHONE.getRegionCodeForCountryCode(cc);
            PhoneMetadata metadata = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
                    ? METADATA.getMetadataForNonGeographicalRegion(cc) : METADATA.getMetadataForRegion(region);
            if (metadata != null && !metadata.getNationalPrefixForParsing().isEmpty()) {
                prefixes.put(cc, Pattern.compile(metadata.getNationalPrefixForParsing()));
            }
        }
        return Map.copyOf(prefixes);
    }

    /**
     * The number for logs: country code, first 3 national digits, bullets, last 4 digits
     * ({@code +1415•••0100}). Short national numbers show only their last half.
     */
    public String masked() {
        int ccLength = countryCodeLength(value);
        String national = value.substring(1 + ccLength);
        int head = national.length() >= 8 ? 3 : 0;
        int tail = national.length() >= 8 ? 4 : national.length() / 2;
        return value.substring(0, 1 + ccLength) + national.substring(0, head) + BULLETS
                + national.substring(national.length() - tail);
    }

    /** Masked, so a number logged by accident does not leak. */
    @Override
    public String toString() {
        return masked();
    }

    private static InvalidRequestException invalid(String field, String reason) {
        return InvalidRequestException.unprocessable("invalid_" + field, field,
                "'" + field + "' is not a valid phone number: " + reason);
    }

    // Country codes are prefix-free, so the first supported prefix of 1 to 3 digits is the one.
    private static int countryCodeLength(String e164) {
        for (int length = 1; length <= 3; length++) {
            if (CALLING_CODES.contains(Integer.parseInt(e164, 1, 1 + length, 10))) {
                return length;
            }
        }
        return 1;
    }

    private static String reason(NumberParseException.ErrorType type) {
        return switch (type) {
            case INVALID_COUNTRY_CODE -> "unknown country code";
            case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD -> "too short";
            case TOO_LONG -> "too long";
            case NOT_A_NUMBER -> "not a phone number";
        };
    }

    private static String reason(ValidationResult result) {
        return switch (result) {
            case INVALID_COUNTRY_CODE -> "unknown country code";
            case TOO_SHORT -> "too short";
            case TOO_LONG -> "too long";
            case INVALID_LENGTH -> "wrong number of digits for its country";
            // e.g. a US number without its area code
            case IS_POSSIBLE_LOCAL_ONLY -> "missing an area code";
            case IS_POSSIBLE -> throw new IllegalArgumentException("not a failure");
        };
    }
}
