package dev.switchboard.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The databases tests run on: real PostgreSQL, found through one setting, {@code SWITCHBOARD_TEST_DB_URL}
 * (default: the local server), and H2 in PostgreSQL mode. Each test gets a fresh schema or database.
 * No PostgreSQL reachable is a failure with instructions, never a silent skip.
 */
public final class TestDatabases {

    public static final String DEFAULT_URL =
            "jdbc:postgresql://127.0.0.1:5432/switchboard_test?user=postgres&password=postgres";

    private TestDatabases() {
    }

    public static String postgresBaseUrl() {
        String url = System.getenv("SWITCHBOARD_TEST_DB_URL");
        return url == null || url.isBlank() ? DEFAULT_URL : url.trim();
    }

    /** A JDBC URL (credentials included) for a new, empty PostgreSQL schema named after the test. */
    public static String freshPostgresSchema(String name) {
        String schema = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String base = postgresBaseUrl();
        try (Connection c = connect(base); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare schema " + schema + ": " + e.getMessage(), e);
        }
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A JDBC URL for a new, empty in-memory H2 database in PostgreSQL mode, as the embedded default uses. */
    public static String freshH2(String name) {
        return "jdbc:h2:mem:" + name + "_" + System.nanoTime()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
    }

    private static Connection connect(String url) {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            if ("3D000".equals(e.getSQLState())) { // database does not exist yet: create it once
                createDatabase(url);
                try {
                    return DriverManager.getConnection(url);
                } catch (SQLException again) {
                    throw unreachable(url, again);
                }
            }
            throw unreachable(url, e);
        }
    }

    private static void createDatabase(String url) {
        String dbName = url.replaceFirst("^jdbc:postgresql://[^/]+/", "").replaceFirst("\\?.*$", "");
        String admin = url.replaceFirst("(jdbc:postgresql://[^/]+/)[^?]*", "$1postgres");
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + dbName.replaceAll("[^A-Za-z0-9_]", ""));
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // 42P04: someone else created it meanwhile
                throw unreachable(admin, e);
            }
        }
    }

    private static IllegalStateException unreachable(String url, SQLException e) {
        return new IllegalStateException("""
                PostgreSQL is not reachable for the tests at %s (%s).
                The tests need a real PostgreSQL. Start one:
                  - on a laptop with Docker:  docker compose up -d postgres
                  - on Debian/Ubuntu:         pg_ctlcluster 15 main start
                or point SWITCHBOARD_TEST_DB_URL at one, e.g.
                  SWITCHBOARD_TEST_DB_URL='jdbc:postgresql://localhost:5432/switchboard_test?user=postgres&password=postgres'"""
                .formatted(url.replaceAll("(?i)(password=)[^&]*", "$1***"), e.getMessage()), e);
    }
}
