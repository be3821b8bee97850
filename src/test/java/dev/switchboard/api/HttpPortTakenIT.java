package dev.switchboard.api;

import dev.switchboard.testing.Backend;
import dev.switchboard.testing.RunningSwitchboard;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A port another process holds stops the start with a clear error, before the file inbox (or any consumer) has
 * taken work: Camel's Vert.x server only logs its bind failure, and Switchboard ran on with no API.
 */
class HttpPortTakenIT {

    @Test
    void a_port_another_process_holds_fails_the_start_before_any_file_is_taken() throws Exception {
        Path inbox = Files.createTempDirectory("switchboard-port-taken");
        Path file = inbox.resolve("waiting.csv");
        Files.writeString(file, "to,body\n+14155550199,not sent while the API cannot answer\n");
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = other.getLocalPort();
            Map<String, String> settings = new HashMap<>(Backend.POSTGRES.freshDatabase("port_taken"));
            settings.put("switchboard.http.port", String.valueOf(port));
            settings.put("switchboard.inbox.dir", inbox.toString());
            settings.put("switchboard.inbox.poll-ms", "50");
            settings.put("switchboard.inbox.stable-ms", "0");

            assertThatThrownBy(() -> RunningSwitchboard.start(settings).close())
                    .rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Switchboard's HTTP server is not listening on 0.0.0.0:" + port
                            + " (Address already in use")
                    .hasMessageContaining("set SWITCHBOARD_HTTP_PORT");
        }
        assertThat(file).as("the inbox never started").exists();
        try (var left = Files.list(inbox)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("waiting.csv");
        }
    }
}
