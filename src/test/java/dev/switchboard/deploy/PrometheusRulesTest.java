package dev.switchboard.deploy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/prometheus: the rules load, each alert has a runbook section and promtool cases, and promtool's own
 * {@code check rules} and {@code test rules} pass. promtool comes with Debian's {@code prometheus} package, which
 * {@code .ci/run} installs; where it is missing the promtool checks are skipped with a message, unless
 * {@code SWITCHBOARD_REQUIRE_PROMTOOL} is set (as {@code .ci/run} sets it): then they fail.
 */
class PrometheusRulesTest {

    static final Path DIR = Path.of("deploy/prometheus");

    @Test
    void every_alert_links_to_its_own_runbook_section_which_exists() throws IOException {
        Set<String> anchors = Files.readAllLines(Path.of("docs/runbooks.md")).stream()
                .filter(l -> l.startsWith("## ")).map(l -> slug(l.substring(3))).collect(Collectors.toSet());
        List<Map<String, Object>> alerts = alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(8);
        for (Map<String, Object> alert : alerts) {
            String name = (String) alert.get("alert");
            @SuppressWarnings("unchecked")
            Map<String, Object> annotations = (Map<String, Object>) alert.get("annotations");
            assertThat(annotations).as(name).containsKeys("summary", "description", "runbook_url");
            String url = (String) annotations.get("runbook_url");
            assertThat(url).as(name).isEqualTo("docs/runbooks.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(anchors).as("docs/runbooks.md has a section for " + name).contains(name.toLowerCase(Locale.ROOT));
            @SuppressWarnings("unchecked")
            Map<String, Object> labels = (Map<String, Object>) alert.get("labels");
            assertThat(labels.get("severity")).as(name).isIn("critical", "warning");
        }
    }

    @Test
    void the_alerts_the_issue_asks_for_are_there() throws IOException {
        assertThat(alerts().stream().map(a -> a.get("alert"))).contains(
                "SwitchboardTwilioBreakerOpen", "SwitchboardOutboxLagging", "SwitchboardDeliveryRateFalling",
                "SwitchboardCallbacksForged", "SwitchboardSenderMisconfigured", "SwitchboardDatabaseDown",
                "SwitchboardWebhookEndpointsDisabled");
    }

    @Test
    void every_alert_has_a_promtool_case_where_it_fires_and_one_where_it_does_not() throws IOException {
        Map<String, Object> tests = yaml(DIR.resolve("alerts_test.yml"));
        List<String> firing = new ArrayList<>();
        List<String> quiet = new ArrayList<>();
        for (Object t : (List<?>) tests.get("tests")) {
            for (Object c : (List<?>) ((Map<?, ?>) t).get("alert_rule_test")) {
                Map<?, ?> check = (Map<?, ?>) c;
                List<?> expected = (List<?>) check.get("exp_alerts");
                (expected == null || expected.isEmpty() ? quiet : firing).add((String) check.get("alertname"));
            }
        }
        for (Map<String, Object> alert : alerts()) {
            assertThat(firing).as("a case where it fires").contains((String) alert.get("alert"));
            assertThat(quiet).as("a case where it does not fire").contains((String) alert.get("alert"));
        }
    }

    @Test
    void promtool_checks_the_rules() throws Exception {
        String out = promtool("check", "rules", "alerts.yml");
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void promtool_unit_tests_pass() throws Exception {
        String out = promtool("test", "rules", "alerts_test.yml");
        assertThat(out).contains("SUCCESS").doesNotContain("FAILED");
    }

    @Test
    void promtool_tests_fail_when_an_alert_is_broken(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        // The cases can fail: with the lag threshold raised tenfold, the lagging case must no longer pass.
        String rules = Files.readString(DIR.resolve("alerts.yml"));
        assertThat(rules).contains("switchboard_outbox_oldest_due_seconds) > 300\n");
        Files.writeString(dir.resolve("alerts.yml"), rules.replace("switchboard_outbox_oldest_due_seconds) > 300\n",
                "switchboard_outbox_oldest_due_seconds) > 3000\n"));
        Files.copy(DIR.resolve("alerts_test.yml"), dir.resolve("alerts_test.yml"));
        Run run = run(dir, "test", "rules", "alerts_test.yml");
        assertThat(run.exit).isNotZero();
        assertThat(run.output).contains("FAILED").contains("SwitchboardOutboxLagging");
    }

    static List<Map<String, Object>> alerts() throws IOException {
        List<Map<String, Object>> alerts = new ArrayList<>();
        for (Object g : (List<?>) yaml(DIR.resolve("alerts.yml")).get("groups")) {
            for (Object r : (List<?>) ((Map<?, ?>) g).get("rules")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> rule = (Map<String, Object>) r;
                if (rule.containsKey("alert")) {
                    alerts.add(rule);
                }
            }
        }
        return alerts;
    }

    /** The metric names ({@code switchboard_…}) the rules' expressions read, recording rules' own names left out. */
    static Set<String> metricNames() throws IOException {
        Set<String> names = new java.util.TreeSet<>();
        for (Object g : (List<?>) yaml(DIR.resolve("alerts.yml")).get("groups")) {
            for (Object r : (List<?>) ((Map<?, ?>) g).get("rules")) {
                Matcher m = Pattern.compile("\\bswitchboard_[a-z_]+").matcher((String) ((Map<?, ?>) r).get("expr"));
                while (m.find()) {
                    names.add(m.group());
                }
            }
        }
        return names;
    }

    /** GitHub's heading anchor: lower case, spaces to dashes, punctuation dropped. */
    static String slug(String heading) {
        return heading.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) throws IOException {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
    }

    private static String promtool(String... args) throws Exception {
        Run run = run(DIR, args);
        assertThat(run.exit).as(run.output).isZero();
        return run.output;
    }

    record Run(int exit, String output) {
    }

    static Run run(Path dir, String... args) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            String message = "promtool not found: install Debian's prometheus package (apt-get install prometheus), as .ci/run does";
            if (System.getenv("SWITCHBOARD_REQUIRE_PROMTOOL") != null) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Run(p.exitValue(), out);
    }
}
