package dev.switchboard.wiring;

import dev.switchboard.settings.Settings;
import dev.switchboard.settings.SettingsPropertiesSource;

import dev.switchboard.domain.Channel;

import dev.switchboard.twilio.Breakers;

import com.twilio.http.TwilioRestClient;
import dev.switchboard.api.ApiErrors;
import dev.switchboard.security.ApiKeys;
import dev.switchboard.security.FailedKeyGuard;
import dev.switchboard.api.MessagesApi;
import dev.switchboard.api.OpenApiDocument;
import dev.switchboard.twilio.SignatureCheck;
import dev.switchboard.callback.StatusCallbacks;
import dev.switchboard.dispatch.Backoff;
import dev.switchboard.dispatch.OutboxPoller;
import dev.switchboard.dispatch.SendPacing;
import dev.switchboard.dispatch.SendSlotWait;
import dev.switchboard.dispatch.SendSpacing;
import dev.switchboard.dispatch.SenderSpacing;
import dev.switchboard.dispatch.SenderRates;
import dev.switchboard.dispatch.SlowDown;
import dev.switchboard.store.PacedClaims;
import dev.switchboard.store.SendSlots;
import dev.switchboard.twilio.RetryAfters;
import dev.switchboard.dispatch.DispatchStop;
import dev.switchboard.dispatch.DispatchStamps;
import dev.switchboard.dispatch.Settlement;
import dev.switchboard.dispatch.RetryGuard;
import dev.switchboard.jms.JmsAdapter;
import dev.switchboard.consent.Admission;
import dev.switchboard.consent.SenderAlerts;
import dev.switchboard.domain.Destinations;
import dev.switchboard.domain.SendLimits;
import dev.switchboard.twilio.TwilioError;
import dev.switchboard.twilio.TwilioErrorCodes;
import dev.switchboard.mail.EmailAdapter;
import dev.switchboard.store.ConsentStore;
import dev.switchboard.sandbox.SandboxConfig;
import dev.switchboard.sandbox.TwilioSandbox;
import dev.switchboard.store.Database;
import dev.switchboard.store.LimitStore;
import dev.switchboard.store.MessageStore;
import dev.switchboard.store.OrphanSweep;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.security.LogSafety;
import dev.switchboard.security.ManagementGuard;
import dev.switchboard.security.RateLimiter;
import dev.switchboard.store.StatusStore;
import dev.switchboard.store.WebhookTokenStore;
import dev.switchboard.submit.JsonRequests;
import dev.switchboard.submit.SubmitService;
import dev.switchboard.twilio.RetrylessHttpClient;
import dev.switchboard.twilio.TwilioAccess;
import dev.switchboard.observe.BreakerHealthCheck;
import dev.switchboard.observe.DatabaseHealthCheck;
import dev.switchboard.observe.Meters;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.twilio.TwilioComponent;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Builds Switchboard's beans once, from {@link Settings}, and binds them by the names the routes use. */
public final class SwitchboardConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchboardConfiguration.class);
    /** Sized for Twilio's ~100 concurrent requests per account. */
    static final int DEFAULT_DISPATCH_CONCURRENCY = 100;
    /** The thread pool profile camel-twilio's endpoints take their (shared) executor from. */
    public static final String TWILIO_POOL_PROFILE = "CamelTwilio";

    private final Settings settings;
    private final RetryAfters retryAfters = new RetryAfters();

    public SwitchboardConfiguration(Settings settings) {
        this.settings = settings;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.getPropertiesComponent().addPropertiesSource(new SettingsPropertiesSource(settings));
        LogSafety.maskPhones(settings.getBoolean("switchboard.log.mask-phones", true));
        Registry registry = context.getRegistry();
        Clock clock = Clock.systemUTC();
        Meters meters = new Meters(() -> registry.findSingleByType(MeterRegistry.class));
        registry.bind("meters", meters);
        Database db = Database.open(settings);
        TwilioSandbox sandbox = null;
        TwilioAccess twilio = TwilioAccess.fromSettings(settings);
        if (twilio == null) {
            sandbox = TwilioSandbox.start(SandboxConfigs.fromSettings(settings));
            SandboxConfig sc = sandbox.config();
            twilio = new TwilioAccess(sc.accountSid(), sc.authToken(),
                    settings.get("twilio.phone.number", "+15005550006"),
                    settings.get("twilio.messaging.service.sid", null),
                    settings.get("twilio.whatsapp.number", "+14155238886"), sandbox.baseUrl(), true);
            registry.bind("twilioSandbox", sandbox);
            LOG.info("No Twilio credentials set: using the built-in Twilio sandbox at {}", sandbox.baseUrl());
        }
        context.addService(closer(db, sandbox));

        String publicUrl = settings.get("switchboard.public.url",
                "http://localhost:" + settings.getInt("switchboard.http.port", 8080));
        registry.bind("dataSource", db.dataSource());
        registry.bind("database", db);
        bindTwilio(context, twilio);

        LimitStore limits = new LimitStore(db.dataSource(), clock, SendLimits.from(k -> settings.get(k).orElse(null)));
        registry.bind("limitStore", limits);
        MessageStore messages = new MessageStore(db.dataSource(), clock, limits);
        ConsentStore consents = new ConsentStore(db.dataSource(), clock,
                c -> meters.consentChange(c.state(), c.source(), c.keyword()));
        StatusStore statuses = new StatusStore(db.dataSource(), clock, consents,
                code -> TwilioErrorCodes.lookup(code).effect() == TwilioError.Effect.OPT_OUT, RetryBeans.checks(settings));
        OutboxStore outbox = new OutboxStore(db.dataSource(), db.dialect(), clock, statuses, consents);
        registry.bind("messageStore", messages);
        registry.bind("statusStore", statuses);
        registry.bind("outboxStore", outbox);
        if (db.singleProcess()) {
            int ended = outbox.endDeadClaims();
            if (ended > 0) {
                LOG.info("{} claims of the previous run ended at start-up (embedded database, one process): due now,"
                        + " checked at Twilio before any resend", ended);
            }
        }
        registry.bind("orphanSweep", new OrphanSweep(db.dataSource(), statuses));

        SignatureCheck signatures = new SignatureCheck(
                java.util.Arrays.asList(twilio.authToken(), settings.get("twilio.auth.token.secondary", null)),
                publicUrl, new WebhookTokenStore(db.dataSource(), clock), meters);
        Destinations destinations = Destinations.parse(settings.get("switchboard.allowed.countries", ""),
                settings.get("switchboard.allowed.number-types", ""));
        registry.bind("destinations", destinations);
        Admission admission = ConsentWiring.bind(registry, settings, db, consents, signatures, outbox, destinations, clock);
        boolean defaultSender = twilio.phoneNumber() != null || twilio.messagingServiceSid() != null;
        registry.bind("submitService", new SubmitService(messages, admission, clock, new SubmitService.Options(
                defaultSender, settings.getBoolean("switchboard.smart.encoding", false),
                settings.getInt("switchboard.max.segments", 10),
                dev.switchboard.webhook.WebhookConfig.callbackCheck(settings)), meters, destinations));
        dev.switchboard.security.WeakSecrets.warn(settings);
        ApiKeys apiKeys = ApiKeys.load(settings.get("switchboard.api.keys", null), settings.dataDir());
        MessagesApi messagesApi = new MessagesApi(apiKeys, new FailedKeyGuard(
                settings.getInt("switchboard.api.failed-key-limit", 20),
                settings.getLong("switchboard.api.failed-key-window-ms", 60_000), clock),
                new RateLimiter(settings.getDouble("switchboard.api.rate", 100), clock), messages,
                new dev.switchboard.store.CallStore(db.dataSource(), clock), clock);
        registry.bind("messagesApi", messagesApi);
        registry.bind("batchApi", new dev.switchboard.api.BatchApi(messagesApi, new RateLimiter(
                settings.getDouble("switchboard.api.batch-rate", 10_000), dev.switchboard.api.BatchApi.MAX_ITEMS, clock),
                registry.lookupByNameAndType("submitService", SubmitService.class),
                (int) settings.getLong("switchboard.http.max-body-bytes", 1_048_576L), clock));
        HttpListening.install(context, settings.get("switchboard.http.host", "0.0.0.0"),
                settings.getInt("switchboard.http.port", 8080));
        dev.switchboard.api.StartingGate.install(context, settings.getInt("switchboard.http.port", 8080));
        if (settings.getBoolean("switchboard.management.require-api-key", false)) {
            ManagementGuard.install(context, apiKeys, settings.getInt("switchboard.http.port", 8080));
        }
        registry.bind("apiErrors", new ApiErrors());
        registry.bind("openApiDocument", new OpenApiDocument());
        registry.bind("jsonRequests", new JsonRequests(clock));
        registry.bind("connectorErrors", new dev.switchboard.connect.ConnectorErrors());
        FileAdapters.bind(context, settings, db.dataSource(), clock);
        EmailAdapter.bind(context, settings, clock);

        Duration lease = settings.getMillis("switchboard.outbox.lease-ms", 60_000);
        SendSlots slots = new SendSlots(db.dataSource(), clock);
        SendPacing pacing = pacing(twilio, sandbox != null);
        String instance = instanceId();
        registry.bind("outboxPoller", new OutboxPoller(new PacedClaims(db.dataSource(), db.dialect(), clock, slots),
                pacing, instance, settings.getInt("switchboard.outbox.batch", 100), lease));
        SendSpacing accountGate = new SendSpacing(settings.getDouble("switchboard.rate.mps", 80));
        pacing.watch(accountGate);
        registry.bind("sendSpacing", accountGate);
        registry.bind("senderSpacing", new SenderSpacing(pacing));
        registry.bind("sendSlotWait", new SendSlotWait(pacing, slots, pacing.lateTolerance(), clock));
        Backoff backoff = new Backoff(settings.getMillis("switchboard.retry.base-ms", 2_000),
                settings.getMillis("switchboard.retry.max-delay-ms", 300_000),
                settings.getInt("switchboard.retry.max-attempts", 6));
        CircuitBreaker breaker = Breakers.twilio(settings);
        registry.bind("twilioBreaker", breaker);
        RetryGuard guard = RetryBeans.bind(registry, settings, db, outbox, statuses, twilio, breaker, backoff, clock,
                meters);
        RetryBeans.fetchPredecessorsSends(registry, settings, db, instance);
        registry.bind("messageRequests", new dev.switchboard.twilio.MessageRequests(twilio, publicUrl));
        registry.bind("dispatchStamps", new DispatchStamps());
        registry.bind("settlement", new Settlement(twilio, outbox, backoff,
                settings.getMillis("switchboard.breaker.open-ms", 30_000), lease,
                registry.lookupByNameAndType("senderAlerts", SenderAlerts.class), clock, meters, guard,
                RetryGuard.Mode.parse(settings.get("switchboard.ambiguous", "reconcile")),
                new SlowDown(pacing, slots, retryAfters, outbox, clock)));
        registry.bind("leaseGuard", new dev.switchboard.dispatch.LeaseGuard(lease, outbox, clock));
        registry.bind("databaseHealthCheck", new DatabaseHealthCheck(db.dataSource()));
        registry.bind("breakerHealthCheck", new BreakerHealthCheck(breaker));
        DispatchStop stop = new DispatchStop(outbox, clock);
        registry.bind("dispatchStop", stop);
        context.getManagementStrategy().addEventNotifier(stop);

        registry.bind("statusCallbacks", new StatusCallbacks(signatures, statuses,
                registry.lookupByNameAndType("senderAlerts", SenderAlerts.class)));
        JmsAdapter.bind(context, settings, db.dataSource(), clock);
        dev.switchboard.webhook.WebhookConfig.Parts webhooks = dev.switchboard.webhook.WebhookConfig.bind(context,
                settings, db.dataSource(), clock);
        registry.bind("webhooksApi", new dev.switchboard.api.WebhooksApi(webhooks.endpoints(), webhooks.history(),
                webhooks.replay(), webhooks.policy(), messages, clock));
        VoiceConfig.bind(context, settings, new VoiceConfig.Shared(db.dataSource(), signatures, statuses, outbox,
                twilio.phoneNumber(), publicUrl, lease, clock));
        VerifyConfig.bind(context, settings, db.dataSource(), sandbox != null, clock);
        Observability.bind(context, settings, db.dataSource(), messages, breaker, clock);
        LOG.info("Switchboard configured: public URL {}, {}", publicUrl, twilio);
    }

    /**
     * Who sends each message and how fast. In the sandbox, its default numbers run at the account rate
     * (unless listed in switchboard.sender.rates): a fake long code at 1 MPS would only slow every demo down.
     */
    private SendPacing pacing(TwilioAccess twilio, boolean sandbox) {
        Map<String, Double> implicit = new HashMap<>();
        double account = settings.getDouble("switchboard.rate.mps", 80);
        if (sandbox) {
            implicit.put(twilio.phoneNumber(), account);
            implicit.put(Channel.WHATSAPP.address(twilio.whatsappNumber()), account);
        }
        return new SendPacing(SenderRates.fromSettings(settings, implicit), twilio, SendPacing.horizon(settings),
                SendPacing.bulkMinShare(settings));
    }

    private void bindTwilio(CamelContext context, TwilioAccess twilio) {
        int concurrency = dispatchConcurrency();
        RetrylessHttpClient http = new RetrylessHttpClient(twilio.baseUrl(),
                settings.getInt("switchboard.twilio.connect-timeout-ms", 5_000),
                settings.getInt("switchboard.twilio.read-timeout-ms", 15_000),
                concurrency * 2, retryAfters);
        // camel-twilio makes each SDK call on its own shared pool, sized by the "CamelTwilio" profile (Camel's default
        // profile otherwise: 10 threads), whatever the dispatch pool allows: 10 calls in flight = 50 msg/s at 200 ms.
        context.getExecutorServiceManager().registerThreadPoolProfile(new ThreadPoolProfileBuilder(TWILIO_POOL_PROFILE)
                .poolSize(concurrency).maxPoolSize(concurrency).maxQueueSize(-1).build());
        TwilioRestClient client = new TwilioRestClient.Builder(twilio.accountSid(), twilio.authToken())
                .accountSid(twilio.accountSid())
                .httpClient(http)
                .build();
        context.getRegistry().bind("twilioRestClient", client);
        TwilioComponent component = context.getComponent("twilio", TwilioComponent.class);
        component.setRestClient(client);
    }

    /** Twilio requests in flight per instance: the dispatch pool, camel-twilio's pool and the HTTP connections. */
    private int dispatchConcurrency() {
        return settings.getInt("switchboard.dispatch.concurrency", DEFAULT_DISPATCH_CONCURRENCY);
    }

    /** A name for this instance's claims: host + random suffix, so two instances on one host differ. */
    private String instanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown";
        }
        String id = settings.get("switchboard.instance.id", host + "-" + UUID.randomUUID().toString().substring(0, 8));
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    private static ServiceSupport closer(Database db, TwilioSandbox sandbox) {
        return new ServiceSupport() {
            @Override
            protected void doStop() {
                if (sandbox != null) {
                    sandbox.close();
                }
                db.close();
            }
        };
    }
}
