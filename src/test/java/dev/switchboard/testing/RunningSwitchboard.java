package dev.switchboard.testing;


import dev.switchboard.Switchboard;
import dev.switchboard.sandbox.TwilioSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A whole Switchboard started in-process on a free port, with an HTTP client to talk to it. */
public final class RunningSwitchboard implements AutoCloseable {

    public static final String API_KEY = "test-key-0123456789";
    /** The embedded broker's client account in tests (SWITCHBOARD_JMS_EMBEDDED_USER / _PASSWORD). */
    public static final String JMS_USER = "switchboard";
    public static final String JMS_PASSWORD = "jms-test-password-0123";
    /** Where tests keep components fetched on demand: shared by every test of a build. */
    public static final Path COMPONENTS_DIR = Path.of("target", "test-components").toAbsolutePath();

    private final Main main;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dataDir;

    private RunningSwitchboard(Main main, int port, Path dataDir) {
        this.main = main;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts with test defaults (fast polling, short retries) under {@code overrides}. */
    public static RunningSwitchboard start(Map<String, String> overrides) {
        return start(overrides, context -> { });
    }

    /** As {@link #start(Map)}, letting the test add to the context (event notifiers, routes) before it starts. */
    public static RunningSwitchboard start(Map<String, String> overrides,
                                           java.util.function.Consumer<org.apache.camel.CamelContext> beforeStart) {
        // A free port is found by binding and closing it; another process can take it before Switchboard binds it.
        // Then the start is tried again on other ports (never when the test chose the ports itself).
        boolean ownPorts = !overrides.containsKey("switchboard.http.port")
                && !overrides.containsKey("switchboard.jms.embedded-port");
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(overrides, beforeStart);
            } catch (IllegalStateException e) {
                if (!ownPorts || attempt == 3 || !portTaken(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean portTaken(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static RunningSwitchboard startOnce(Map<String, String> overrides,
                                                java.util.function.Consumer<org.apache.camel.CamelContext> beforeStart) {
        int port = overrides.containsKey("switchboard.http.port")
                ? Integer.parseInt(overrides.get("switchboard.http.port")) : freePort();
        Map<String, String> settings = new HashMap<>();
        settings.put("switchboard.http.port", String.valueOf(port));
        Path dataDir = tempDir();
        settings.put("switchboard.data.dir", dataDir.toString());
        settings.put("switchboard.api.keys", API_KEY);
        settings.put("switchboard.api.rate", "0"); // tests poll and submit fast with one key; RateLimitIT sets a rate
        // Every test client is 127.0.0.1, and many send wrong keys on purpose: FailedKeysIT turns the guard on.
        settings.put("switchboard.api.failed-key-limit", "0");
        settings.put("switchboard.outbox.poll-ms", "50");
        settings.put("switchboard.retry.base-ms", "100");
        settings.put("switchboard.retry.max-delay-ms", "400");
        settings.put("switchboard.sandbox.callback-delay-ms", "20");
        // Every instance runs an embedded JMS broker: each on its own free port.
        settings.put("switchboard.jms.embedded-port", String.valueOf(freePort()));
        settings.put("switchboard.jms.embedded-password", JMS_PASSWORD);
        // The project's own adapters, without hot reload (tests start many instances).
        settings.put("switchboard.routes.dir", java.nio.file.Path.of("routes").toAbsolutePath().toString());
        settings.put("switchboard.routes.reload", "false");
        // Components fetched on demand (connector tests) are fetched once per build, not once per instance.
        settings.put("switchboard.components.dir", COMPONENTS_DIR.toString());
        settings.putAll(overrides);
        Main main = Switchboard.create(settings);
        main.configure().addConfiguration(new org.apache.camel.CamelConfiguration() {
            @Override
            public void configure(org.apache.camel.CamelContext context) {
                beforeStart.accept(context);
            }
        });
        try {
            main.start();
        } catch (Exception e) {
            try {
                main.stop();
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw new IllegalStateException("Switchboard did not start", e);
        }
        return new RunningSwitchboard(main, port, dataDir);
    }

    /** Settings that send an instance's Twilio traffic to a standalone sandbox (shared by several instances). */
    public static Map<String, String> usingTwilio(TwilioSandbox twilio) {
        Map<String, String> s = new HashMap<>();
        s.put("twilio.account.sid", twilio.config().accountSid());
        s.put("twilio.auth.token", twilio.config().authToken());
        s.put("twilio.phone.number", "+15005550006");
        s.put("switchboard.twilio.base-url", twilio.baseUrl());
        // Outside its built-in sandbox the default number is a long code (1 MPS): tests run it at the account rate.
        s.put("switchboard.sender.rates", "+15005550006=100000");
        return s;
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public TwilioSandbox sandbox() {
        return context().getRegistry().lookupByNameAndType("twilioSandbox", TwilioSandbox.class);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public int port() {
        return port;
    }

    public HttpResponse<String> post(String path, String json, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(b::setHeader);
        return send(b.build());
    }

    public HttpResponse<String> postMessage(String json) {
        return post("/api/v1/messages", json, Map.of());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + API_KEY).GET().build());
    }

    public HttpResponse<String> delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + API_KEY).DELETE().build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Switchboard did not stop cleanly", e);
        } finally {
            deleteQuietly(dataDir); // the broker journal alone is ~23 MB per instance
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // a leftover temp dir is harmless
        }
    }


    /**
     * A port that is free now, below the kernel's ephemeral range: the servers tests start on port 0 (receivers,
     * fake Twilio, brokers) take their ports from that range, and one of them could take a port handed out here
     * before Switchboard binds it. No port is handed out twice by this JVM.
     */
    public static int freePort() {
        for (int tries = 0; tries < 200; tries++) {
            int port = EPHEMERAL_LOW - 1 - java.util.concurrent.ThreadLocalRandom.current().nextInt(PORT_SPAN);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new java.net.InetSocketAddress("0.0.0.0", port));
                return port;
            } catch (IOException taken) {
                // in use: another one
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final int PORT_SPAN = 10_000;
    private static final int EPHEMERAL_LOW = ephemeralLow();

    /** The low end of net.ipv4.ip_local_port_range (Linux), or 32768. */
    private static int ephemeralLow() {
        try {
            int low = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim().split("\\s+")[0]);
            return low > PORT_SPAN + 1024 ? low : 32768;
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("switchboard-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
