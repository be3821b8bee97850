package dev.switchboard.wiring;

import dev.switchboard.verify.Verifications;

import com.twilio.http.TwilioRestClient;
import dev.switchboard.settings.Settings;
import dev.switchboard.domain.Destinations;
import dev.switchboard.observe.Meters;
import dev.switchboard.store.LimitStore;
import dev.switchboard.store.VerificationStore;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;

/** Binds {@code verifications}: Twilio Verify on the same {@code TwilioRestClient} camel-twilio uses. */
public final class VerifyConfig {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyConfig.class);
    /** The Verify service the built-in sandbox accepts (any VA SID works there). */
    public static final String SANDBOX_SERVICE_SID = "VAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private VerifyConfig() {
    }

    public static void bind(CamelContext context, Settings settings, DataSource ds, boolean sandbox, Clock clock) {
        String serviceSid = settings.get("twilio.verify.sid", sandbox ? SANDBOX_SERVICE_SID : null);
        if (serviceSid == null) {
            LOG.info("TWILIO_VERIFY_SID is not set: /api/v1/verifications answers 503 until it is");
        }
        TwilioRestClient client = context.getRegistry().lookupByNameAndType("twilioRestClient", TwilioRestClient.class);
        VerificationStore store = new VerificationStore(ds, clock);
        context.getRegistry().bind("verificationStore", store);
        context.getRegistry().bind("verifications", new Verifications(client, serviceSid, store,
                settings.getInt("switchboard.verify.max-sends", 5),
                settings.getMillis("switchboard.verify.window-ms", 600_000), clock,
                context.getRegistry().lookupByNameAndType("destinations", Destinations.class),
                context.getRegistry().lookupByNameAndType("limitStore", LimitStore.class),
                context.getRegistry().lookupByNameAndType("meters", Meters.class)));
    }
}
