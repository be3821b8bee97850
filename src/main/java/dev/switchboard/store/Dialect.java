package dev.switchboard.store;

/** The two databases Switchboard runs on, and the few SQL differences between them. */
public enum Dialect {
    POSTGRES,
    H2;

    static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalStateException("unsupported database URL (PostgreSQL or H2 only): " + Database.redact(jdbcUrl));
    }
}
