package dev.switchboard.sandbox;


import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** Settings of one {@link TwilioSandbox}: where it listens, which credentials it accepts and how it misbehaves. */
public record SandboxConfig(
        String host,
        int port,
        String accountSid,
        String authToken,
        long latencyMillis,
        long callbackDelayMillis,
        double failureRate,
        double undeliveredRate,
        double outOfOrderRate,
        long seed,
        int threads) {

    /** The account SID Twilio uses in its own documentation examples. */
    public static final String DEFAULT_ACCOUNT_SID = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static final Pattern ACCOUNT_SID = Pattern.compile("^AC[0-9a-fA-F]{32}$");

    public SandboxConfig {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535 (0 = ephemeral), was " + port);
        }
        if (accountSid == null || !ACCOUNT_SID.matcher(accountSid).matches()) {
            throw new IllegalArgumentException("accountSid must match ^AC[0-9a-fA-F]{32}$, was " + accountSid);
        }
        if (authToken == null || authToken.isBlank()) {
            throw new IllegalArgumentException("authToken must not be blank");
        }
        requireNonNegative("latencyMillis", latencyMillis);
        requireNonNegative("callbackDelayMillis", callbackDelayMillis);
        requireRate("failureRate", failureRate);
        requireRate("undeliveredRate", undeliveredRate);
        requireRate("outOfOrderRate", outOfOrderRate);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
    }

    /** Loopback, ephemeral port, Twilio's example account SID, a fresh random token and seed, no misbehaviour. */
    public static SandboxConfig defaults() {
        SecureRandom random = new SecureRandom();
        byte[] token = new byte[16];
        random.nextBytes(token);
        return new SandboxConfig("127.0.0.1", 0, DEFAULT_ACCOUNT_SID, HexFormat.of().formatHex(token),
                0, 50, 0, 0, 0, random.nextLong(), 64);
    }

    public SandboxConfig withHost(String value) {
        return new SandboxConfig(value, port, accountSid, authToken, latencyMillis, callbackDelayMillis,
                failureRate, undeliveredRate, outOfOrderRate, seed, threads);
    }

    public SandboxConfig withPort(int value) {
        return new SandboxConfig(host, value, accountSid, authToken, latencyMillis, callbackDelayMillis,
                failureRate, undeliveredRate, outOfOrderRate, seed, threads);
    }

    public SandboxConfig withAccountSid(String value) {
        return new SandboxConfig(host, port, value, authToken, latencyMillis, callbackDelayMillis,
                failureRate, undeliveredRate, outOfOrderRate, seed, threads);
    }

    public SandboxConfig withAuthToken(String value) {
        return new SandboxConfig(host, port, accountSid, value, latencyMillis, callbackDelayMillis,
                failureRate, undeliveredRate, outOfOrderRate, seed, threads);
    }

    public SandboxConfig withLatencyMillis(long value) {
        return new SandboxConfig(host, port, accountSid, authToken, value, callbackDelayMillis,
                failureRate, undeliveredRate, outOfOrderRate, seed, threads);
    }

    public SandboxConfig withCallbackDelayMillis(long value) {
        return new SandboxConfig(host, port, accountSid, authToken, latencyMillis, value,
                failureRate, undeliveredRate, outOfOrderRate, seed, threads);
    }

    public SandboxConfig withFailureRate(double value) {
        return new SandboxConfig(host, port, accountSid, authToken, latencyMillis, callbackDelayMillis,
                value, undeliveredRate, outOfOrderRate, seed, threads);
    }

    public SandboxConfig withUndeliveredRate(double value) {
        return new SandboxConfig(host, port, accountSid, authToken, latencyMillis, callbackDelayMillis,
                failureRate, value, outOfOrderRate, seed, threads);
    }

    public SandboxConfig withOutOfOrderRate(double value) {
        return new SandboxConfig(host, port, accountSid, authToken, latencyMillis, callbackDelayMillis,
                failureRate, undeliveredRate, value, seed, threads);
    }

    public SandboxConfig withSeed(long value) {
        return new SandboxConfig(host, port, accountSid, authToken, latencyMillis, callbackDelayMillis,
                failureRate, undeliveredRate, outOfOrderRate, value, threads);
    }

    public SandboxConfig withThreads(int value) {
        return new SandboxConfig(host, port, accountSid, authToken, latencyMillis, callbackDelayMillis,
                failureRate, undeliveredRate, outOfOrderRate, seed, value);
    }

    /** Masks the auth token: configs end up in logs and assertion messages. */
    @Override
    public String toString() {
        return "SandboxConfig[host=" + host + ", port=" + port + ", accountSid=" + accountSid
                + ", authToken=***, latencyMillis=" + latencyMillis + ", callbackDelayMillis=" + callbackDelayMillis
                + ", failureRate=" + failureRate + ", undeliveredRate=" + undeliveredRate
                + ", outOfOrderRate=" + outOfOrderRate + ", seed=" + seed + ", threads=" + threads + "]";
    }

    private static void requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }

    private static void requireRate(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
        }
    }
}
