package dev.switchboard.connect;

import dev.switchboard.testing.Json;
import dev.switchboard.testkit.AdapterTestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The SFTP example against an embedded Apache MINA SSHD server: a legacy host's drop folder. */
class SftpConnectorIT {

    @Test
    void dropped_files_are_texted_once_moved_to_done_and_bad_ones_to_failed_with_the_reason(@TempDir Path dir)
            throws IOException {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.copy(Path.of("examples", "connectors", "sftp-drop.camel.yaml"), routes.resolve("sftp-drop.camel.yaml"));
        try (SftpServer sftp = new SftpServer(dir)) {
            Path outbox = sftp.outbox();
            Map<String, String> settings = new HashMap<>(sftp.settings());
            settings.put("switchboard.routes.dir", routes.toString());
            String id = "b7-" + System.nanoTime();
            String request = "{\"id\":\"" + id + "\",\"to\":\"+14155550149\",\"body\":\"Invoice " + id + "\"}";
            Files.writeString(outbox.resolve("a.json"), request);
            Files.writeString(outbox.resolve("a-again.json"), request); // the same request put twice
            Files.writeString(outbox.resolve("bad.json"), "{\"id\":\"bad\",\"to\":\"0149\",\"body\":\"x\"}");
            try (AdapterTestKit kit = AdapterTestKit.start(settings)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(outbox.resolve(".done/a.json"))
                        && Files.exists(outbox.resolve(".done/a-again.json"))
                        && Files.exists(outbox.resolve(".failed/bad.json.reason.json")));
                assertThat(Json.parse(Files.readString(outbox.resolve(".failed/bad.json.reason.json"))).at("/error/field").asText())
                        .isEqualTo("to");
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(outbox.resolve(".failed/bad.json")));
                await().atMost(Duration.ofSeconds(10)).until(() -> !kit.switchboard().sandbox().createdParams().isEmpty());
                assertThat(kit.switchboard().sandbox().createdParams()).filteredOn(p -> p.get("Body").contains(id)).hasSize(1);
                assertThat(kit.submitted()).filteredOn(r -> r.body().contains(id)).hasSize(2)
                        .allSatisfy(r -> assertThat(r.idempotencyKey()).isEqualTo(id));
            }
        }
    }
}
