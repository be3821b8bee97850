package dev.switchboard.connect;

import dev.switchboard.testing.Json;
import dev.switchboard.testkit.AdapterTestKit;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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
        Path root = Files.createDirectories(dir.resolve("sftp-root"));
        Path outbox = Files.createDirectories(root.resolve("outbox/sms"));
        Path knownHosts = Files.createFile(dir.resolve("known_hosts"));
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("host.key")));
        sshd.setPasswordAuthenticator((user, password, session) -> "legacy".equals(user) && "s3cret".equals(password));
        sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
        sshd.start();
        try {
            Map<String, String> settings = new HashMap<>();
            settings.put("switchboard.routes.dir", routes.toString());
            settings.put("sftp.port", String.valueOf(sshd.getPort()));
            settings.put("sftp.username", "legacy");
            settings.put("sftp.password", "s3cret");
            settings.put("sftp.strict-host-key-checking", "no");
            settings.put("sftp.known-hosts", knownHosts.toString());
            settings.put("sftp.poll-ms", "200");
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
        } finally {
            sshd.stop(true);
        }
    }
}
