package dev.switchboard.wiring;

import dev.switchboard.settings.Settings;

import dev.switchboard.sandbox.SandboxConfig;

/** The embedded sandbox's settings ({@code switchboard.sandbox.*}), layered on its own defaults. */
final class SandboxConfigs {

    private SandboxConfigs() {
    }

    static SandboxConfig fromSettings(Settings s) {
        SandboxConfig d = SandboxConfig.defaults();
        return new SandboxConfig(
                s.get("switchboard.sandbox.host", d.host()),
                s.getInt("switchboard.sandbox.port", d.port()),
                d.accountSid(),
                d.authToken(),
                s.getLong("switchboard.sandbox.latency-ms", d.latencyMillis()),
                s.getLong("switchboard.sandbox.callback-delay-ms", d.callbackDelayMillis()),
                s.getDouble("switchboard.sandbox.failure-rate", d.failureRate()),
                s.getDouble("switchboard.sandbox.undelivered-rate", d.undeliveredRate()),
                s.getDouble("switchboard.sandbox.out-of-order-rate", d.outOfOrderRate()),
                s.getLong("switchboard.sandbox.seed", d.seed()),
                d.threads());
    }
}
