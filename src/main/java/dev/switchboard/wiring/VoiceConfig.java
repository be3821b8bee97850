package dev.switchboard.wiring;

import dev.switchboard.voice.CallRetries;
import dev.switchboard.voice.CallSender;
import dev.switchboard.voice.IvrMenus;
import dev.switchboard.voice.IvrTwiml;
import dev.switchboard.voice.IvrUrls;
import dev.switchboard.voice.IvrWebhooks;
import dev.switchboard.voice.VoiceStatusCallbacks;

import dev.switchboard.twilio.SignatureCheck;
import dev.switchboard.settings.Settings;
import dev.switchboard.dispatch.OutboxPoller;
import dev.switchboard.store.CallStore;
import dev.switchboard.store.OutboxStore;
import dev.switchboard.store.StatusStore;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** Binds the voice beans: call sender and poller, status callbacks, retries, IVR menus and webhooks. */
public final class VoiceConfig {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceConfig.class);

    private VoiceConfig() {
    }

    /** What voice needs from the rest of Switchboard. */
    public record Shared(DataSource dataSource, SignatureCheck signatures, StatusStore statuses, OutboxStore outbox,
                         String callerNumber, String publicUrl, Duration lease, Clock clock) {
    }

    public static void bind(CamelContext context, Settings settings, Shared s) {
        Registry registry = context.getRegistry();
        IvrUrls urls = new IvrUrls(s.publicUrl());
        CallStore calls = new CallStore(s.dataSource(), s.clock());
        String owner = registry.lookupByNameAndType("outboxPoller", OutboxPoller.class).owner();
        registry.bind("callStore", calls);
        registry.bind("callPoller", new OutboxPoller(s.outbox(), OutboxStore.Lane.CALLS, owner,
                settings.getInt("switchboard.outbox.batch", 100), settings.getDouble("switchboard.voice.cps", 1),
                s.lease()));
        registry.bind("callSender", new CallSender(s.callerNumber(), s.outbox(), urls));
        registry.bind("callRetries", new CallRetries(calls));
        registry.bind("voiceStatusCallbacks", new VoiceStatusCallbacks(s.signatures(), s.statuses(), calls));
        IvrMenus menus = menus(context, settings);
        String defaultMenu = settings.get("switchboard.ivr.default-menu", "main");
        if (menus.menu(defaultMenu).isEmpty()) {
            LOG.warn("The default IVR menu '{}' (SWITCHBOARD_IVR_DEFAULT_MENU) does not exist; menus: {}", defaultMenu,
                    menus.names());
        }
        registry.bind("ivrMenus", menus);
        registry.bind("ivrWebhooks", new IvrWebhooks(s.signatures(), menus, new IvrTwiml(urls), calls, defaultMenu));
    }

    /** The menus folder (reloaded on change), or the jar's bundled menus when the folder does not exist. */
    private static IvrMenus menus(CamelContext context, Settings settings) {
        Path dir = Path.of(settings.get("switchboard.ivr.dir", "ivr")).toAbsolutePath().normalize();
        if (Files.isDirectory(dir)) {
            IvrMenus menus = IvrMenus.fromDirectory(dir, settings.getBoolean("switchboard.ivr.reload", true));
            LOG.info("IVR menus from {}: {}", dir, menus.names());
            return menus;
        }
        Map<String, String> files = new TreeMap<>();
        try {
            for (Resource r : PluginHelper.getPackageScanResourceResolver(context).findResources("ivr/*.yaml")) {
                try (InputStream in = r.getInputStream()) {
                    String location = r.getLocation();
                    files.put("ivr/" + location.substring(location.lastIndexOf('/') + 1),
                            new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled IVR menus", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot list the bundled IVR menus", e);
        }
        IvrMenus menus = IvrMenus.fromTexts(files);
        LOG.info("IVR menus bundled in the jar ({} not found): {}", dir, menus.names());
        return menus;
    }
}
