package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void the_embedded_database_writes_every_commit_before_it_returns() {
        assertThat(Database.durable(Database.embeddedUrl(Path.of("data"))))
                .startsWith("jdbc:h2:file:data/switchboard;MODE=PostgreSQL")
                .endsWith(";WRITE_DELAY=0");
    }

    @Test
    void an_h2_file_url_of_the_operators_is_made_durable_unless_it_sets_the_write_delay_itself() {
        assertThat(Database.durable("jdbc:h2:./other/db")).isEqualTo("jdbc:h2:./other/db;WRITE_DELAY=0");
        assertThat(Database.durable("jdbc:h2:file:/x/db;write_delay=100")).isEqualTo("jdbc:h2:file:/x/db;write_delay=100");
    }

    @Test
    void postgres_and_h2_memory_or_server_urls_are_left_alone() {
        for (String url : new String[] {"jdbc:postgresql://localhost:5432/switchboard", "jdbc:h2:mem:test",
                "jdbc:h2:tcp://db:9092/switchboard", "jdbc:h2:zip:/x/db.zip!/db"}) {
            assertThat(Database.durable(url)).isEqualTo(url);
        }
    }

    @Test
    void only_an_h2_file_without_auto_server_is_one_process_s_alone() {
        assertThat(Database.singleProcess(Database.embeddedUrl(Path.of("data")))).isTrue();
        assertThat(Database.singleProcess("jdbc:h2:file:/x/db;AUTO_SERVER=TRUE")).isFalse();
        assertThat(Database.singleProcess("jdbc:h2:tcp://db:9092/switchboard")).isFalse();
        assertThat(Database.singleProcess("jdbc:postgresql://localhost:5432/switchboard")).isFalse();
    }
}
