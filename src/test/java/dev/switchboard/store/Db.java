package dev.switchboard.store;

import dev.switchboard.settings.Settings;
import dev.switchboard.testing.TestDatabases;

import java.util.Map;
import java.util.Optional;

/** The two databases every store test runs on; each {@link #open} is a fresh, migrated, empty database. */
enum Db {
    POSTGRES,
    H2;

    Database open(String name) {
        String url = this == POSTGRES ? TestDatabases.freshPostgresSchema(name) : TestDatabases.freshH2(name);
        Map<String, String> settings = Map.of("switchboard.db.url", url);
        return Database.open(new Settings(key -> Optional.ofNullable(settings.get(key))));
    }
}
