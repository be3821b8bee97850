package dev.switchboard.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.config.Settings;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;

/** Opens the system of record (PostgreSQL, or an embedded H2 file in PostgreSQL mode) and migrates it with Flyway. */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final Dialect dialect;

    private Database(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    public static Database open(Settings settings) {
        String url = settings.get("switchboard.db.url").orElseGet(() -> embeddedUrl(settings.dataDir()));
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
        return new Database(ds, dialect);
    }

    static String embeddedUrl(Path dataDir) {
        // PostgreSQL mode so the same SQL runs on both; lower-case identifiers like PostgreSQL.
        return "jdbc:h2:file:" + dataDir.resolve("switchboard").toString().replace('\\', '/')
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";
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

    @Override
    public void close() {
        dataSource.close();
    }
}
