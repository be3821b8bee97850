package dev.switchboard.sandbox;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/** Turns standalone command-line flags and SANDBOX_* environment variables into a {@link SandboxConfig}. */
record SandboxOptions(SandboxConfig config, boolean tokenGenerated) {

    private static final Map<String, BiFunction<SandboxConfig, String, SandboxConfig>> FLAGS = new LinkedHashMap<>();

    static {
        FLAGS.put("--host", SandboxConfig::withHost);
        FLAGS.put("--port", (c, v) -> c.withPort(Integer.parseInt(v)));
        FLAGS.put("--account-sid", SandboxConfig::withAccountSid);
        FLAGS.put("--auth-token", SandboxConfig::withAuthToken);
        FLAGS.put("--latency-ms", (c, v) -> c.withLatencyMillis(Long.parseLong(v)));
        FLAGS.put("--callback-delay-ms", (c, v) -> c.withCallbackDelayMillis(Long.parseLong(v)));
        FLAGS.put("--failure-rate", (c, v) -> c.withFailureRate(Double.parseDouble(v)));
        FLAGS.put("--undelivered-rate", (c, v) -> c.withUndeliveredRate(Double.parseDouble(v)));
        FLAGS.put("--out-of-order-rate", (c, v) -> c.withOutOfOrderRate(Double.parseDouble(v)));
        FLAGS.put("--seed", (c, v) -> c.withSeed(Long.parseLong(v)));
        FLAGS.put("--threads", (c, v) -> c.withThreads(Integer.parseInt(v)));
    }

    static final String USAGE = "Usage: TwilioSandbox " + String.join(" ", FLAGS.keySet().stream()
            .map(flag -> "[" + flag + " V]").toList())
            + "\nEach flag can also come from its environment variable, e.g. --latency-ms from "
            + envName("--latency-ms") + "; a flag wins over the environment.";

    /** Flags win over environment variables, which win over {@link SandboxConfig#defaults()}. */
    static SandboxOptions parse(String[] args, Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        FLAGS.keySet().forEach(flag -> {
            String value = env.get(envName(flag));
            if (value != null && !value.isBlank()) {
                values.put(flag, value.trim());
            }
        });
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String flag = eq > 0 ? arg.substring(0, eq) : arg;
            if (!FLAGS.containsKey(flag)) {
                throw new IllegalArgumentException("Unknown option " + arg);
            }
            if (eq < 0 && i + 1 >= args.length) {
                throw new IllegalArgumentException("Option " + flag + " needs a value");
            }
            values.put(flag, eq > 0 ? arg.substring(eq + 1) : args[++i]);
        }
        SandboxConfig config = SandboxConfig.defaults();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            try {
                config = FLAGS.get(entry.getKey()).apply(config, entry.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(entry.getKey() + " " + entry.getValue() + ": " + e.getMessage(), e);
            }
        }
        return new SandboxOptions(config, !values.containsKey("--auth-token"));
    }

    static String envName(String flag) {
        return "SANDBOX_" + flag.substring(2).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The startup line; it shows the auth token only when the sandbox made it up, since it is then a fake. */
    String banner(String baseUrl) {
        String line = "Twilio sandbox listening on " + baseUrl + " for account " + config.accountSid();
        return tokenGenerated ? line + " with generated auth token " + config.authToken() : line;
    }

    /** Keeps the token out of logs and test reports. */
    @Override
    public String toString() {
        return "SandboxOptions[config=" + config + ", tokenGenerated=" + tokenGenerated + "]";
    }
}
