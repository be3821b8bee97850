package dev.switchboard;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No library in the jar is older than its floor ({@code src/test/resources/dependency-floors.txt}): a dependency
 * change that brings back a version with a known hole fails the build. The jar's list is the one the build writes
 * for the connectors ({@code switchboard/jar-dependencies.txt}, maven-dependency-plugin's {@code list}).
 */
class DependencyFloorsTest {

    /** {@code   group:artifact:type[:classifier]:version:scope …} */
    private static final Pattern LISTED = Pattern.compile("^\\s+([^:\\s]+):([^:\\s]+):[^:\\s]+:(?:[^:\\s]+:)?([^:\\s]+):[a-z]+.*");

    record Floor(String group, String artifact, String version) {
        boolean covers(String g, String a) {
            return group.equals(g) && (artifact.endsWith("*")
                    ? a.startsWith(artifact.substring(0, artifact.length() - 1)) : artifact.equals(a));
        }
    }

    @Test
    void every_library_in_the_jar_is_at_or_above_its_floor() throws IOException {
        List<Floor> floors = floors();
        List<String> below = new ArrayList<>();
        int checked = 0;
        for (String line : Files.readAllLines(Path.of("target/classes/switchboard/jar-dependencies.txt"))) {
            Matcher m = LISTED.matcher(line);
            if (!m.matches()) {
                continue;
            }
            // The most specific floor applies: io.netty:netty-tcnative-classes has its own numbers, not io.netty:*'s.
            floors.stream().filter(f -> f.covers(m.group(1), m.group(2)))
                    .max(java.util.Comparator.comparingInt(f -> f.artifact().length()))
                    .ifPresent(floor -> {
                        if (compare(m.group(3), floor.version()) < 0) {
                            below.add(m.group(1) + ":" + m.group(2) + " " + m.group(3) + " < " + floor.version());
                        }
                    });
            checked += floors.stream().anyMatch(f -> f.covers(m.group(1), m.group(2))) ? 1 : 0;
        }
        assertThat(checked).as("libraries the floors apply to (the list was read)").isGreaterThan(20);
        assertThat(below).isEmpty();
    }

    @Test
    void versions_compare_by_their_numbers() {
        assertThat(compare("4.1.128.Final", "4.1.132.Final")).isNegative();
        assertThat(compare("4.1.141.Final", "4.1.132.Final")).isPositive();
        assertThat(compare("4.5.9", "4.5.27")).isNegative();
        assertThat(compare("2.19.4", "2.19.4")).isZero();
        assertThat(compare("42.7.14", "42.7.2")).isPositive();
    }

    private static List<Floor> floors() throws IOException {
        List<Floor> floors = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("src/test/resources/dependency-floors.txt"))) {
            String[] f = line.strip().split("\\s+");
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] ga = f[0].split(":");
            floors.add(new Floor(ga[0], ga[1], f[1]));
        }
        return floors;
    }

    /** Numeric parts compared as numbers, left to right; a qualifier such as {@code .Final} is ignored. */
    static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length && x[i].matches("\\d+") ? Long.parseLong(x[i]) : 0;
            long q = i < y.length && y[i].matches("\\d+") ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }
}
