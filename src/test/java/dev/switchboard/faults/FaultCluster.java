package dev.switchboard.faults;

import dev.switchboard.testing.TcpProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the fault suite runs against, each part its own process: the standalone sandbox as Twilio, two
 * Switchboard JVMs on one PostgreSQL database, and two TCP proxies the suite can cut: one in front of PostgreSQL
 * (a database restart) and one in front of the sandbox (Twilio refusing connections). Status callbacks go to the
 * second instance, as a load balancer in front of both would send them to a live one; the first is the one killed.
 */
final class FaultCluster implements AutoCloseable {

    static final String API_KEY = "fault-suite-key-0123456789";
    private static final Pattern JDBC = Pattern.compile("^jdbc:postgresql://([^:/]+):(\\d+)(/.*)$");

    private final FaultSuite.Settings settings;
    private final String dbUrl;
    private final TcpProxy dbProxy;
    private final TcpProxy twilioProxy;
    private final JarProcess sandbox;
    private final String sandboxUrl;
    private final String authToken;
    private final JarProcess[] instances = new JarProcess[2];

    FaultCluster(FaultSuite.Settings settings, String dbUrl) throws InterruptedException {
        this.settings = settings;
        this.dbUrl = dbUrl;
        Matcher m = JDBC.matcher(dbUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected jdbc:postgresql://host:port/db…, got " + dbUrl.replaceAll("password=[^&]*", "password=…"));
        }
        this.dbProxy = new TcpProxy(m.group(1), Integer.parseInt(m.group(2)));
        byte[] token = new byte[16];
        ThreadLocalRandom.current().nextBytes(token);
        this.authToken = HexFormat.of().formatHex(token);
        try {
            Files.createDirectories(settings.workDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.sandbox = JarProcess.start("sandbox", settings.jar(), "dev.switchboard.sandbox.TwilioSandbox",
                List.of("--port", String.valueOf(settings.sandboxPort()), "--auth-token", authToken,
                        "--callback-delay-ms", "50", "--threads", "128"),
                Map.of(), settings.workDir().resolve("sandbox.log"));
        this.sandboxUrl = "http://127.0.0.1:" + settings.sandboxPort();
        sandbox.awaitReady(sandboxUrl + "/sandbox/stats", Duration.ofSeconds(60));
        this.twilioProxy = new TcpProxy("127.0.0.1", settings.sandboxPort());
        String proxiedDb = "jdbc:postgresql://127.0.0.1:" + dbProxy.port() + m.group(3);
        for (int i = 0; i < 2; i++) {
            instances[i] = startInstance(i, proxiedDb);
        }
        for (int i = 0; i < 2; i++) {
            instances[i].awaitReady(url(i) + "/observe/health/ready", Duration.ofSeconds(120));
        }
    }

    private JarProcess startInstance(int i, String proxiedDb) {
        Map<String, String> env = new HashMap<>();
        // One sender for every message: as a long code it would go at 1/s; here it runs at the account rate.
        env.put("SWITCHBOARD_SENDER_RATES", "+15005550006=100000");
        env.putAll(settings.instanceEnv());
        env.put("SWITCHBOARD_DB_URL", proxiedDb);
        env.put("SWITCHBOARD_HTTP_PORT", String.valueOf(settings.httpPorts()[i]));
        env.put("SWITCHBOARD_JMS_EMBEDDED_PORT", String.valueOf(settings.jmsPorts()[i]));
        env.put("SWITCHBOARD_DATA_DIR", settings.workDir().resolve("instance-" + i).toString());
        env.put("SWITCHBOARD_INSTANCE_ID", "fault-" + i);
        env.put("SWITCHBOARD_API_KEYS", API_KEY);
        env.put("SWITCHBOARD_API_RATE", "0");
        env.put("SWITCHBOARD_PUBLIC_URL", url(1));
        env.put("SWITCHBOARD_ROUTES_RELOAD", "false");
        env.put("SWITCHBOARD_IVR_RELOAD", "false");
        env.put("SWITCHBOARD_ROUTES_DIR", Path.of("routes").toAbsolutePath().toString());
        env.put("TWILIO_ACCOUNT_SID", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        env.put("TWILIO_AUTH_TOKEN", authToken);
        env.put("TWILIO_PHONE_NUMBER", "+15005550006");
        env.put("SWITCHBOARD_TWILIO_BASE_URL", "http://127.0.0.1:" + twilioProxy.port());
        return JarProcess.start("switchboard-" + i, settings.jar(), null, List.of(), env,
                settings.workDir().resolve("switchboard-" + i + ".log"));
    }

    String url(int instance) {
        return "http://127.0.0.1:" + settings.httpPorts()[instance];
    }

    String sandboxUrl() {
        return sandboxUrl;
    }

    /** The database itself, not through the proxy: the suite's own checks must not suffer the outage. */
    String dbUrl() {
        return dbUrl;
    }

    TcpProxy dbProxy() {
        return dbProxy;
    }

    TcpProxy twilioProxy() {
        return twilioProxy;
    }

    void kill9(int instance) throws InterruptedException {
        instances[instance].kill9();
    }

    /** Starts a killed instance again on its ports and data folder, as a supervisor would. */
    void restart(int instance) throws InterruptedException {
        String proxied = "jdbc:postgresql://127.0.0.1:" + dbProxy.port() + JDBC.matcher(dbUrl).replaceFirst("$3");
        instances[instance] = startInstance(instance, proxied);
        instances[instance].awaitReady(url(instance) + "/observe/health/ready", Duration.ofSeconds(120));
    }

    @Override
    public void close() throws InterruptedException {
        for (JarProcess p : instances) {
            if (p != null) {
                p.close();
            }
        }
        sandbox.close();
        twilioProxy.close();
        dbProxy.close();
    }
}
