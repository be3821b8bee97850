package dev.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.settings.Settings;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/** Opens the system of record (PostgreSQL, or an embedded H2 file in PostgreSQL mode) and migrates it with Flyway. */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final boolean singleProcess;

    private Database(HikariDataSource dataSource, Dialect dialect, boolean singleProcess) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.singleProcess = singleProcess;
    }

    public static Database open(Settings settings) {
        String url = durable(settings.get("switchboard.db.url").orElseGet(() -> embeddedUrl(settings.dataDir())));
        Dialect dialect = Dialect.of(url);
        HikariConfig config = new HikariConfig();
        config.setPoolName("switchboard-db");
        config.setJdbcUrl(url);
        settings.get("switchboard.db.user").ifPresent(config::setUsername);
        settings.get("switchboard.db.password").ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.getInt("switchboard.db.pool-size", 16));
        // Fail fast while the database is down: the API answers 503 rather than hanging.
        config.setConnectionTimeout(settings.getLong("switchboard.db.connect-timeout-ms", 3000));
        config.setValidationTimeout(2000);
        config.setInitializationFailTimeout(settings.getLong("switchboard.db.startup-timeout-ms", 30000));
        config.setAutoCommit(true);
        HikariDataSource ds = new HikariDataSource(config);
        try {
            migrate(ds);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        LOG.info("Database ready: {} ({})", redact(url), dialect);
        return new Database(ds, dialect, singleProcess(url));
    }

    static String embeddedUrl(Path dataDir) {
        // PostgreSQL mode so the same SQL runs on both; lower-case identifiers like PostgreSQL.
        return "jdbc:h2:file:" + dataDir.resolve("switchboard").toString().replace('\\', '/')
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";
    }

    /** An H2 file that only the process opening it can use (H2 locks it; no {@code AUTO_SERVER}). */
    static boolean singleProcess(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("jdbc:h2:") && !lower.contains(";auto_server=true")
                && Stream.of("mem:", "tcp:", "ssl:").noneMatch(p -> lower.startsWith("jdbc:h2:" + p));
    }

    /**
     * An H2 file database writes each commit to its file before the commit returns ({@code WRITE_DELAY=0}). H2's
     * default (500 ms) keeps commits in memory and writes them in the background: a {@code kill -9} lost the last
     * half second of them, 202s already answered included (issue 21: 48 accepted messages gone after a restart).
     * An H2 URL that sets {@code WRITE_DELAY} itself is left as it is, and so are H2's in-memory, read-only (zip) and
     * server URLs (a server's settings are its own).
     */
    static String durable(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.contains(";write_delay=")
                || Stream.of("mem:", "tcp:", "ssl:", "zip:").anyMatch(p -> lower.startsWith("jdbc:h2:" + p))) {
            return url;
        }
        return url + ";WRITE_DELAY=0";
    }

    private static void migrate(DataSource ds) {
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** JDBC URLs can carry passwords as parameters; never log them. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** True for the embedded H2 file: no other process can hold claims in it, so none found at start-up is alive. */
    public boolean singleProcess() {
        return singleProcess;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
