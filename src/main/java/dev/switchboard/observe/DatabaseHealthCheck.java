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
        try (Connection c = dataSource.getConnection()) {
            if (c.isValid(2)) {
                builder.up();
            } else {
                builder.down().message("database connection is not valid");
            }
        } catch (Exception e) {
            builder.down().message("database unreachable: " + e.getClass().getSimpleName());
        }
    }
}
