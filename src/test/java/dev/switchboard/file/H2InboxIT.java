package dev.switchboard.file;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Backend;
import dev.switchboard.testing.ConsentApi;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The inbox on the embedded default database (H2 in PostgreSQL mode): import, count, and skip a repeat. */
class H2InboxIT {

    @Test
    void a_file_is_imported_on_h2_and_the_same_content_again_is_skipped() {
        try (Inbox inbox = Inbox.start(Backend.H2.freshDatabase("file_inbox"))) {
            String a = ConsentApi.uniquePhone("751");
            String b = ConsentApi.uniquePhone("751");
            String csv = "to,body,batch\n" + a + ",one,x\n" + b + ",two,x\n" + "nobody,three,x\n";
            inbox.drop("h2.csv", csv);
            JsonNode first = inbox.awaitImport("h2.csv");

            inbox.drop("h2.csv", csv);
            JsonNode second = await().atMost(Duration.ofSeconds(30)).until(() -> inbox.awaitImport("h2.csv"),
                    r -> r.get("id").asLong() != first.get("id").asLong());

            assertThat(first.get("status").asText()).isEqualTo("done");
            assertThat(first.get("accepted").asLong()).isEqualTo(2);
            assertThat(first.get("rejected").asLong()).isEqualTo(1);
            assertThat(second.get("status").asText()).isEqualTo("skipped");
            await().atMost(Duration.ofSeconds(15)).until(() -> inbox.sentTo(a).size() == 1 && inbox.sentTo(b).size() == 1);
        }
    }
}
