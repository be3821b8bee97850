package dev.switchboard.observe;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Whether the JMS broker (embedded or external Artemis) takes a new connection. Always UP, like the breaker check:
 * without the broker the HTTP API, the inbox and dispatch still work, so Switchboard must stay in the load balancer;
 * the details say {@code reachable: false}.
 */
public final class BrokerHealthCheck extends AbstractHealthCheck {

    private final ConnectionFactory fresh;
    private final String kind;

    /** @param fresh a factory that opens a new connection each time (not the cached one the routes share) */
    public BrokerHealthCheck(ConnectionFactory fresh, String kind) {
        super("switchboard", "jms-broker");
        this.fresh = fresh;
        this.kind = kind;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("broker", kind);
        try (Connection c = fresh.createConnection()) {
            builder.detail("reachable", true);
        } catch (Exception e) {
            builder.detail("reachable", false);
            builder.message("JMS broker unreachable (" + e.getClass().getSimpleName()
                    + "): JMS requests and event feeds wait, HTTP, files and dispatch go on");
        }
        builder.up();
    }
}
