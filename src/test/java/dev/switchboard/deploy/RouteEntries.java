package dev.switchboard.deploy;

import dev.switchboard.connect.RouteDocument;
import dev.switchboard.connect.RouteFileException;
import dev.switchboard.connect.RouteSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What may go in the routes ConfigMap (mounted as the routes folder): routes of one's own that pass Camel's YAML DSL
 * schema and replace no bundled file or route (the jar's routes/ run anyway, and a copy would outlive an upgrade), and
 * {@code .example} copies of examples/connectors/ that have not drifted from the repository. Nothing else: the
 * folder loads only {@code *.camel.yaml}, so any other name would sit there unread.
 */
final class RouteEntries {

    private static final String ROUTE = ".camel.yaml";
    private static final String EXAMPLE = ROUTE + ".example";

    private RouteEntries() {
    }

    /** Each entry that breaks those rules, with the reason; empty when all keep them. */
    static List<String> problems(Map<String, String> entries, Path bundledFolder, Path examplesFolder) {
        Set<String> bundledNames = routeFileNames(bundledFolder);
        Set<String> bundledIds = new TreeSet<>();
        for (String name : bundledNames) {
            RouteDocument.parse(name, read(bundledFolder.resolve(name))).items().stream()
                    .filter(RouteDocument.Item::replaceable).forEach(i -> bundledIds.add(i.id()));
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
            String name = e.getKey();
            if (name.endsWith(EXAMPLE)) {
                Path original = examplesFolder.resolve(name.substring(0, name.length() - ".example".length()));
                if (!Files.isRegularFile(original)) {
                    problems.add(name + ": no " + original + " to be a copy of");
                } else if (!e.getValue().equals(read(original))) {
                    problems.add(name + ": differs from " + original);
                }
            } else if (name.endsWith(ROUTE)) {
                if (bundledNames.contains(name)) {
                    problems.add(name + ": replaces the bundled " + bundledFolder.resolve(name));
                    continue;
                }
                try {
                    RouteDocument doc = RouteDocument.parse(name, e.getValue());
                    RouteSchema.problem(doc).ifPresent(p -> problems.add(name + ": " + p));
                    doc.items().stream().filter(RouteDocument.Item::replaceable)
                            .filter(i -> bundledIds.contains(i.id()))
                            .forEach(i -> problems.add(name + ": replaces the bundled " + i.kind() + " " + i.id()));
                } catch (RouteFileException notYaml) {
                    problems.add(notYaml.getMessage());
                }
            } else {
                problems.add(name + ": never loaded (only *" + ROUTE + " is)");
            }
        }
        return problems;
    }

    private static Set<String> routeFileNames(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            Set<String> names = new TreeSet<>();
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(ROUTE)).forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
