package dev.switchboard.observe;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.testing.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SWITCHBOARD_LOG_FORMAT=json turns the project's logback.xml into one JSON object per line; plain stays the default. */
class LogFormatTest {

    private final PrintStream stdout = System.out;

    @AfterEach
    void restore() throws Exception {
        System.setOut(stdout);
        System.clearProperty("SWITCHBOARD_LOG_FORMAT");
        configure();
    }

    @Test
    void json_format_writes_one_object_per_line_with_route_id() throws Exception {
        List<String> lines = logWith("json");
        assertThat(lines).hasSize(1);
        JsonNode line = Json.parse(lines.get(0));
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("loggerName").asText()).isEqualTo("dev.switchboard.test");
        assertThat(line.get("formattedMessage").asText()).isEqualTo("Message msg_01TEST delivered");
        assertThat(line.get("mdc").get("camel.routeId").asText()).isEqualTo("record-status");
    }

    @Test
    void json_format_masks_phone_numbers_in_messages_and_exceptions_like_the_plain_format() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setProperty("SWITCHBOARD_LOG_FORMAT", "json");
        configure();
        LoggerFactory.getLogger("dev.switchboard.test").warn("Message to {} refused\nFAKE line", "+14155550100",
                new IllegalStateException("no route to +14155550199"));
        System.out.flush();

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("refused")).toList();
        assertThat(lines).hasSize(1);
        JsonNode line = Json.parse(lines.get(0));
        assertThat(line.get("formattedMessage").asText()).isEqualTo("Message to +1415•••0100 refused\nFAKE line");
        assertThat(line.get("throwable").asText()).contains("IllegalStateException: no route to +1415•••0199");
        assertThat(lines.get(0)).doesNotContain("4155550100", "4155550199");
    }

    @Test
    void plain_format_is_the_default() throws Exception {
        List<String> lines = logWith(null);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches(
                "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.*] d.switchboard.test record-status - Message msg_01TEST delivered");
    }

    @Test
    void the_configuration_loads_without_a_warning_so_logback_prints_nothing_of_its_own_at_start() throws Exception {
        for (String format : new String[] {null, "json"}) {
            if (format != null) {
                System.setProperty("SWITCHBOARD_LOG_FORMAT", format);
            }
            configure();
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            assertThat(context.getStatusManager().getCopyOfStatusList())
                    .as("logback's status with format " + format + " (a warning makes it print them all at start)")
                    .allMatch(st -> st.getEffectiveLevel() < ch.qos.logback.core.status.Status.WARN);
        }
    }

    @Test
    void one_event_is_written_once_in_the_chosen_format_only() throws Exception {
        assertThat(logWith("json")).hasSize(1).allMatch(l -> l.startsWith("{"));
        assertThat(logWith("plain")).hasSize(1).noneMatch(l -> l.startsWith("{"));
    }

    private List<String> logWith(String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        if (format != null) {
            System.setProperty("SWITCHBOARD_LOG_FORMAT", format);
        }
        configure();
        MDC.put("camel.routeId", "record-status");
        try {
            LoggerFactory.getLogger("dev.switchboard.test").info("Message {} delivered", "msg_01TEST");
        } finally {
            MDC.clear();
        }
        System.out.flush();
        // Logback may print its own status lines on reconfiguration: keep the logged event only.
        return out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("msg_01TEST")).toList();
    }

    private static void configure() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
    }
}
