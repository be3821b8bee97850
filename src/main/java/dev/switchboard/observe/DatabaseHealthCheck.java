package dev.switchboard.observe;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.Map;

/** Readiness: Switchboard can accept requests only while it can commit them to its database. */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private final DataSource dataSource;

    public DatabaseHealthCheck(DataSource dataSource) {
        super("switchboard", "database");
        this.dataSource = dataSource;
    }

    @Override
    public boolean isLiveness() {
        return false; // a database outage is not a reason to restart Switchboard
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String problem = reachable(dataSource);
        if (problem == null) {
            builder.up();
        } else {
            builder.down().message(problem);
        }
    }

    /** Null when a valid connection could be had within 2 s, else why not (no secrets: the exception's class only). */
    static String reachable(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2) ? null : "database connection is not valid";
        } catch (Exception e) {
            return "database unreachable: " + e.getClass().getSimpleName();
        }
    }
}
