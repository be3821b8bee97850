package dev.switchboard.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/grafana/switchboard.json: a dashboard Grafana imports (a datasource variable, unique panel ids, panels on the
 * grid) whose every query is valid PromQL (promtool parses them, Grafana's variables filled in) and covers what the
 * operators' kit asks for. {@code DeployMetricNamesIT} checks the metric names against a running Switchboard.
 */
class GrafanaDashboardTest {

    static final Path DASHBOARD = Path.of("deploy/grafana/switchboard.json");

    @Test
    void it_is_an_importable_dashboard_on_a_datasource_variable() throws IOException {
        JsonNode d = dashboard();
        assertThat(d.get("uid").asText()).isEqualTo("switchboard");
        assertThat(d.get("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
        JsonNode variables = d.get("templating").get("list");
        assertThat(variables.get(0).get("type").asText()).isEqualTo("datasource");
        assertThat(variables.get(0).get("query").asText()).isEqualTo("prometheus");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode p : d.get("panels")) {
            assertThat(ids.add(p.get("id").asInt())).as("panel id %s is unique", p.get("id")).isTrue();
            JsonNode grid = p.get("gridPos");
            assertThat(grid.get("x").asInt() + grid.get("w").asInt()).as(p.get("title").asText()).isLessThanOrEqualTo(24);
            if (!p.get("type").asText().equals("row")) {
                assertThat(p.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
                assertThat(p.get("targets")).as(p.get("title").asText()).isNotEmpty();
            }
        }
    }

    @Test
    void it_shows_what_operators_watch() throws IOException {
        String all = String.join("\n", expressions());
        assertThat(names(all)).contains("switchboard_messages", "switchboard_accepted_total",
                "switchboard_message_errors", "switchboard_dispatch_seconds_bucket",
                "switchboard_twilio_request_seconds_bucket", "switchboard_throttle_wait_seconds_bucket",
                "switchboard_outbox_depth", "switchboard_outbox_oldest_due_seconds", "switchboard_breaker_state",
                "switchboard_callbacks_total");
        assertThat(all).contains("status=~\"delivered|read|undelivered|failed\""); // the delivery ratio
    }

    @Test
    void every_query_is_valid_promql(@TempDir Path dir) throws Exception {
        // promtool parses an expression as a recording rule: one rule per query, Grafana's variables filled in.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        List<String> exprs = expressions();
        for (int i = 0; i < exprs.size(); i++) {
            String expr = exprs.get(i).replace("$__rate_interval", "1m").replace("$instance", ".*");
            rules.append("      - record: dashboard:query").append(i).append("\n        expr: '")
                    .append(expr.replace("'", "''")).append("'\n");
        }
        Files.writeString(dir.resolve("dashboard.yml"), rules);
        PrometheusRulesTest.Run run = PrometheusRulesTest.run(dir, "check", "rules", "dashboard.yml");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS: " + exprs.size() + " rules found");
    }

    static List<String> expressions() throws IOException {
        List<String> exprs = new ArrayList<>();
        for (JsonNode p : dashboard().get("panels")) {
            for (JsonNode t : p.path("targets")) {
                exprs.add(t.get("expr").asText());
            }
        }
        return exprs;
    }

    /** The metric names ({@code switchboard_…}) in some PromQL. */
    static Set<String> names(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\bswitchboard_[a-z_]+").matcher(promql);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(Files.readString(DASHBOARD));
    }
}
