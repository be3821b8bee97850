package dev.switchboard.webhook;

import dev.switchboard.domain.InvalidRequestException;
import dev.switchboard.jms.GapGuard;
import dev.switchboard.jms.InboundMessageSource;
import dev.switchboard.jms.StatusEventSource;
import dev.switchboard.settings.Settings;
import dev.switchboard.store.WebhookDeliveries;
import dev.switchboard.store.WebhookHistory;
import dev.switchboard.store.WebhookEndpoint;
import dev.switchboard.store.WebhookEndpoints;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wires status webhooks from settings ({@code switchboard.webhook.*}): endpoints of the configuration, beans. */
public final class WebhookConfig {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookConfig.class);

    private WebhookConfig() {
    }

    /** What the API's handlers use. */
    public record Parts(WebhookEndpoints endpoints, WebhookHistory history, WebhookReplay replay, UrlPolicy policy) {
    }

    public static Parts bind(CamelContext context, Settings settings, DataSource ds, Clock clock) throws Exception {
        Registry registry = context.getRegistry();
        UrlPolicy policy = UrlPolicy.system(settings.getBoolean("switchboard.webhook.allow-http", false),
                settings.getBoolean("switchboard.webhook.allow-private", false));
        Signing signing = new Signing(settings.get("switchboard.webhook.secret", null));
        WebhookEndpoints endpoints = new WebhookEndpoints(ds, clock);
        WebhookDeliveries deliveries = new WebhookDeliveries(ds, clock);
        WebhookHistory history = new WebhookHistory(ds);
        configured(settings, policy, signing, endpoints);

        int batch = settings.getInt("switchboard.webhook.batch", 200);
        Duration grace = settings.getMillis("switchboard.jms.publish-gap-ms", 10_000);
        WebhookFanout status = new WebhookFanout(ds, new WebhookFanout.Feed("webhook-status", new StatusEventSource(),
                "evt_status_", true), new GapGuard(grace, clock), endpoints, batch, clock);
        WebhookFanout inbound = new WebhookFanout(ds, new WebhookFanout.Feed("webhook-inbound",
                new InboundMessageSource(), "evt_inbound_", false), new GapGuard(grace, clock), endpoints, batch, clock);
        registry.bind("webhookStatusFanout", status);
        registry.bind("webhookInboundFanout", inbound);

        int concurrency = settings.getInt("switchboard.webhook.concurrency", 64);
        // One thread per attempt in flight, made when needed and ended when idle: the pool's size is the limit.
        java.util.concurrent.ThreadPoolExecutor io = new java.util.concurrent.ThreadPoolExecutor(concurrency,
                concurrency, 30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                daemon("webhook-http"));
        io.allowCoreThreadTimeOut(true);
        ExecutorService client = Executors.newFixedThreadPool(2, daemon("webhook-client"));
        java.util.concurrent.ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
                daemon("webhook-deadlines"));
        ExecutorService settle = Executors.newFixedThreadPool(4, daemon("webhook-settle"));
        Duration total = settings.getMillis("switchboard.webhook.timeout-ms", 15_000);
        WebhookHttp http = new WebhookHttp(policy, settings.getMillis("switchboard.webhook.connect-timeout-ms", 5_000),
                total, settings.getBoolean("switchboard.webhook.follow-redirects", false), io, client,
                deadlines);
        WebhookMetrics metrics = new WebhookMetrics(() -> registry.findSingleByType(MeterRegistry.class));
        WebhookSender.Options options = new WebhookSender.Options(concurrency,
                settings.getInt("switchboard.webhook.endpoint-concurrency", 8),
                total.multipliedBy(WebhookSender.QUEUED_PER_SLOT + 1),
                settings.getMillis("switchboard.webhook.retry-base-ms", 5_000),
                settings.getMillis("switchboard.webhook.retry-max-ms", 3_600_000),
                settings.getMillis("switchboard.webhook.retry-window-ms", 259_200_000),
                settings.getInt("switchboard.webhook.disable-after", 50));
        OutcomeWriter outcomes = new OutcomeWriter(deliveries);
        WebhookSender sender = new WebhookSender(endpoints, deliveries, http, signing, options, metrics, settle,
                outcomes, clock);
        registry.bind("webhookSender", sender);
        status.afterWrite(sender::wake);
        inbound.afterWrite(sender::wake);
        int days = settings.getInt("switchboard.retention.days", 30);
        registry.bind("webhookHousekeeping", new WebhookHousekeeping(history, endpoints, metrics,
                days > 0 ? Duration.ofDays(days) : null, clock));
        registry.bind("webhookMetrics", metrics);
        registry.bind("webhookEndpoints", endpoints);
        registry.bind("webhookHistory", history);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                io.shutdownNow();
                deadlines.shutdownNow();
                client.shutdownNow();
                settle.shutdown();
                outcomes.close();
            }
        });
        return new Parts(endpoints, history, new WebhookReplay(ds, List.of(status, inbound), deliveries), policy);
    }

    /** SWITCHBOARD_WEBHOOK_URLS: checked now (a refused URL stops the start), kept as configuration endpoints. */
    private static void configured(Settings settings, UrlPolicy policy, Signing signing, WebhookEndpoints endpoints) {
        List<String> ids = new ArrayList<>();
        String urls = settings.get("switchboard.webhook.urls", "");
        for (String url : urls.split(",")) {
            url = url.trim();
            if (url.isEmpty()) {
                continue;
            }
            try {
                policy.check(url);
            } catch (WebhookUrlException e) {
                if (!e.code().equals("webhook_url_unresolved")) {
                    throw new IllegalStateException("SWITCHBOARD_WEBHOOK_URLS: " + e.getMessage());
                }
                LOG.warn("SWITCHBOARD_WEBHOOK_URLS: {} (checked again before every attempt)", e.getMessage());
            }
            if (!signing.configured()) {
                throw new IllegalStateException("SWITCHBOARD_WEBHOOK_URLS is set but SWITCHBOARD_WEBHOOK_SECRET is not:"
                        + " set it to whsec_ followed by base64 (for instance: echo whsec_$(openssl rand -base64 32))");
            }
            String id = configEndpointId(url);
            endpoints.ensure(id, url, WebhookEndpoint.CONFIG);
            ids.add(id);
        }
        int retired = endpoints.retireConfigExcept(ids);
        if (!ids.isEmpty() || retired > 0) {
            LOG.info("Status webhooks: {} endpoint(s) from SWITCHBOARD_WEBHOOK_URLS{}", ids.size(),
                    retired > 0 ? ", " + retired + " no longer listed removed" : "");
        }
    }

    /** The front door's check of a request's statusCallbackUrl (no DNS lookup there: the sender checks again). */
    public static java.util.function.Consumer<String> callbackCheck(Settings settings) {
        UrlPolicy policy = UrlPolicy.system(settings.getBoolean("switchboard.webhook.allow-http", false),
                settings.getBoolean("switchboard.webhook.allow-private", false));
        boolean signed = new Signing(settings.get("switchboard.webhook.secret", null)).configured();
        return url -> {
            if (!signed) {
                throw InvalidRequestException.unprocessable("status_callback_unavailable", "statusCallbackUrl",
                        "'statusCallbackUrl' needs SWITCHBOARD_WEBHOOK_SECRET, the secret its events are signed with,"
                                + " to be set on this Switchboard");
            }
            try {
                policy.checkWithoutLookup(url);
            } catch (WebhookUrlException e) {
                throw InvalidRequestException.unprocessable("invalid_status_callback_url", "statusCallbackUrl",
                        "'statusCallbackUrl': " + e.getMessage());
            }
        };
    }

    static String configEndpointId(String url) {
        return "wh_cfg_" + hash(url, 20);
    }

    static String requestEndpointId(String url) {
        return "wh_req_" + hash(url, 24);
    }

    private static String hash(String url, int chars) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, chars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
