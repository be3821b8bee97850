package dev.switchboard.consent;

import dev.switchboard.settings.Settings;
import dev.switchboard.domain.QuietHours;
import dev.switchboard.store.Consent;
import dev.switchboard.store.ConsentStore;
import dev.switchboard.store.Database;
import dev.switchboard.store.InboundStore;
import dev.switchboard.testing.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quiet hours are judged in the RECIPIENT's local time, on a fixed clock: the same instant is night
 * in New York and evening in Los Angeles. Real PostgreSQL behind the consent and window checks.
 */
class QuietHoursAdmissionIT {

    // 2026-11-24T02:30Z is 21:30 in New York (EST) and 18:30 in Los Angeles (PST), 02:30 in London.
    private static final Instant EVENING_US = Instant.parse("2026-11-24T02:30:00Z");
    private static final String NEW_YORK = "+12125550123";
    private static final String LOS_ANGELES = "+13105550123";
    private static final String LONDON = "+442079460958";

    private static Database db;
    private static ConsentStore consents;
    private static InboundStore inbound;

    @BeforeAll
    static void open() {
        String url = TestDatabases.freshPostgresSchema("quiet_hours");
        db = Database.open(new Settings(k -> Optional.ofNullable(Map.of("switchboard.db.url", url).get(k))));
        consents = new ConsentStore(db.dataSource(), Clock.systemUTC());
        inbound = new InboundStore(db.dataSource(), Clock.systemUTC(), consents);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static Admission at(Instant now) {
        return new Admission(consents, inbound, QuietHours.parse("21:00-08:00"), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void bulk_message_waits_until_eight_in_the_recipients_morning() {
        Verdict v = at(EVENING_US).check("sms", NEW_YORK, false, null, "bulk", null);

        assertThat(v.kind()).isEqualTo(Verdict.Kind.DEFER);
        assertThat(v.reason()).isEqualTo(Admission.QUIET_HOURS);
        assertThat(v.notBefore()).isEqualTo(Instant.parse("2026-11-24T13:00:00Z")); // 08:00 EST
    }

    @Test
    void same_instant_is_still_evening_across_the_time_zone_boundary() {
        assertThat(at(EVENING_US).check("sms", LOS_ANGELES, false, null, "bulk", null).kind())
                .isEqualTo(Verdict.Kind.SEND);
        assertThat(at(EVENING_US).check("sms", LONDON, false, null, "bulk", null).notBefore())
                .isEqualTo(Instant.parse("2026-11-24T08:00:00Z")); // 08:00 GMT
    }

    @Test
    void transactional_message_is_never_held_by_quiet_hours() {
        assertThat(at(EVENING_US).check("sms", NEW_YORK, false, null, "transactional", null).kind())
                .isEqualTo(Verdict.Kind.SEND);
    }

    @Test
    void scheduled_bulk_message_is_judged_at_its_send_time() {
        Instant noonNewYork = Instant.parse("2026-11-24T17:00:00Z");

        Verdict v = at(EVENING_US).check("sms", NEW_YORK, false, null, "bulk", noonNewYork);

        assertThat(v.kind()).isEqualTo(Verdict.Kind.SEND);
    }

    @Test
    void consent_is_checked_before_quiet_hours() {
        String phone = "+12125550999";
        consents.record(new Consent(phone, "sms", Consent.OPTED_OUT, "api", "test", null, null, null));

        Verdict v = at(EVENING_US).check("sms", phone, false, null, "bulk", null);

        assertThat(v.kind()).isEqualTo(Verdict.Kind.SUPPRESS);
        assertThat(v.reason()).isEqualTo(Admission.OPTED_OUT);
    }
}
