package dev.switchboard.consent;

import dev.switchboard.domain.Channel;

import dev.switchboard.domain.Vars;
import dev.switchboard.domain.Destinations;
import dev.switchboard.store.Claim;
import dev.switchboard.store.StoredMessage;
import org.apache.camel.Exchange;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code consent-lookup} route's two steps around its one statement ({@code sql/consent-lookup.sql}): the
 * recipient as the statement's parameter, then the verdict on the rows it returned, judged as at the front door
 * ({@link Admission}) after the destination list (a country may have been taken off it while the message waited).
 */
public final class ConsentLookup {

    /** The header the statement reads the recipient from ({@code :#to}). */
    public static final String TO = "to";

    private final Admission admission;
    private final Destinations destinations;

    public ConsentLookup(Admission admission, Destinations destinations) {
        this.admission = admission;
        this.destinations = destinations;
    }

    /** The statement's parameter. */
    public void parameters(Exchange exchange) {
        exchange.getMessage().setHeader(TO, claim(exchange).message().to());
    }

    /** The verdict on the claimed message, from the statement's rows (the exchange's body). */
    public Verdict decide(Exchange exchange) {
        StoredMessage m = claim(exchange).message();
        if (!destinations.allows(m.to(), m.channel())) {
            return Verdict.suppress(Destinations.NOT_ALLOWED);
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = exchange.getMessage().getBody(List.class);
        return admission.check(facts(rows), m.channel(), m.to(), m.contentSid() != null, m.fallback(), m.priority(),
                null);
    }

    private static Claim claim(Exchange exchange) {
        return exchange.getProperty(Vars.CLAIM, Claim.class);
    }

    /** One recipient's facts from the statement's rows: opted-out channels, and the last WhatsApp message from them. */
    static Admission.Facts facts(List<Map<String, Object>> rows) {
        Set<String> optedOut = new HashSet<>();
        Instant lastWhatsApp = null;
        for (Map<String, Object> row : rows == null ? List.<Map<String, Object>>of() : rows) {
            Object channel = row.get("opted_out");
            if (channel != null) {
                optedOut.add(channel.toString());
            }
            Instant at = instant(row.get("whatsapp_inbound_at"));
            if (at != null) {
                lastWhatsApp = at;
            }
        }
        Instant whatsApp = lastWhatsApp;
        return new Admission.Facts() {
            @Override
            public boolean optedOut(String phone, String channel) {
                return optedOut.contains(channel);
            }

            @Override
            public Optional<Instant> lastInbound(String phone, String channel) {
                if (!Channel.WHATSAPP.is(channel)) {
                    throw new IllegalStateException("the consent lookup reads the WhatsApp window only, not " + channel);
                }
                return Optional.ofNullable(whatsApp);
            }
        };
    }

    /** PostgreSQL's driver answers a {@code TIMESTAMP WITH TIME ZONE} as a Timestamp, H2's as an OffsetDateTime. */
    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (value instanceof Instant t) {
            return t;
        }
        throw new IllegalStateException("unexpected time type from the consent lookup: " + value.getClass().getName());
    }
}
