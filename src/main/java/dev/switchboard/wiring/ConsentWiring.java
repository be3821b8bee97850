package dev.switchboard.wiring;

import dev.switchboard.api.ConsentsApi;
import dev.switchboard.callback.InboundMessages;
import dev.switchboard.consent.Admission;
import dev.switchboard.consent.ConsentLookup;
import dev.switchboard.file.OptOutImport;
import dev.switchboard.consent.SenderAlerts;
import dev.switchboard.dispatch.DispatchGate;
import dev.switchboard.domain.Destinations;
import dev.switchboard.domain.QuietHours;
import dev.switchboard.settings.Settings;
import dev.switchboard.store.ConsentStore;
import dev.switchboard.store.Database;
import dev.switchboard.store.InboundStore;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.twilio.SignatureCheck;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.spi.Registry;

import java.time.Clock;

/** Binds consent: its store, inbound messages, and the checks that run at the front door and again at dispatch. */
final class ConsentWiring {

    private ConsentWiring() {
    }

    static Admission bind(Registry registry, Settings settings, Database db, ConsentStore consents,
                          SignatureCheck signatures, OutboxStore outbox, Destinations destinations, Clock clock) {
        InboundStore inbound = new InboundStore(db.dataSource(), clock, consents);
        QuietHours quiet = settings.get("switchboard.quiet.hours").map(QuietHours::parse).orElse(null);
        Admission admission = new Admission(consents, inbound, quiet, clock);
        registry.bind("consentStore", consents);
        registry.bind("inboundStore", inbound);
        registry.bind("admission", admission);
        registry.bind("senderAlerts", new SenderAlerts(() -> registry.findSingleByType(MeterRegistry.class)));
        registry.bind("consentLookup", new ConsentLookup(admission, destinations, db.dataSource()));
        registry.bind("dispatchGate", new DispatchGate(outbox, destinations));
        registry.bind("consentsApi", new ConsentsApi(consents));
        registry.bind("optOutImport", new OptOutImport(consents, FileAdapters.inboxLimits(settings)));
        registry.bind("inboundMessages", new InboundMessages(signatures, inbound, settings.get(
                "switchboard.inbound.help-text",
                "Reply STOP to unsubscribe, START to subscribe again. Msg & data rates may apply.")));
        return admission;
    }
}
