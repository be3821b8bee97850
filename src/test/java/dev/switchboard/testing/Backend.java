package dev.switchboard.testing;


import java.util.Map;

/** The two databases every store behaviour is tested on. */
public enum Backend {
    POSTGRES,
    H2;

    /** Settings that point a Switchboard at a fresh, empty database of this kind. */
    public Map<String, String> freshDatabase(String name) {
        return Map.of("switchboard.db.url",
                this == POSTGRES ? TestDatabases.freshPostgresSchema(name) : TestDatabases.freshH2(name));
    }
}
