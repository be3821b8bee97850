package dev.switchboard.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The route files Switchboard runs: the ones bundled in the jar plus the engineer's folder, which adds to them.
 * A folder file with a bundled file's name replaces that file; a route or route configuration with a bundled id
 * replaces that one item. Every file is read with line numbers; the folder's own files are checked against Camel's
 * YAML DSL schema (the bundled ones are checked by the test suite).
 */
public final class RouteSet {

    private static final String BUNDLED = "routes/";
    private static final String SUFFIX = ".camel.yaml";

    /** One file to load: its Camel resource location, and its text (bundled files without their replaced items). */
    public record Source(String location, String text, RouteDocument doc, boolean bundled) {
    }

    private final Path folder;
    private final List<Source> sources;

    private RouteSet(Path folder, List<Source> sources) {
        this.folder = folder;
        this.sources = List.copyOf(sources);
    }

    /** Reads the bundled routes and those in {@code folder} (which may be missing); refuses a file that is not valid. */
    public static RouteSet load(Path folder) {
        return load(folder, RouteChecks.none());
    }

    /** As {@link #load(Path)}, skipping the schema check of a file whose text passed it before. */
    public static RouteSet load(Path folder, RouteChecks checks) {
        List<RouteDocument> own = new ArrayList<>();
        if (folder != null && Files.isDirectory(folder)) {
            for (Path p : list(folder)) {
                own.add(RouteDocument.parse(display(folder, p), read(p)));
            }
        }
        Set<String> ownNames = new HashSet<>();
        Set<String> ownIds = new HashSet<>();
        for (RouteDocument d : own) {
            ownNames.add(Path.of(d.file()).getFileName().toString());
            d.items().stream().filter(RouteDocument.Item::replaceable).forEach(i -> ownIds.add(i.kind() + ":" + i.id()));
        }
        Set<String> bundled = bundledNames();
        List<Source> sources = new ArrayList<>();
        for (String name : bundled) {
            if (ownNames.contains(name)) {
                continue; // the folder's file of the same name replaces it whole
            }
            RouteDocument doc = RouteDocument.parse("bundled " + BUNDLED + name, bundledText(name));
            List<RouteDocument.Item> replaced = doc.items().stream()
                    .filter(i -> i.replaceable() && ownIds.contains(i.kind() + ":" + i.id())).toList();
            if (replaced.isEmpty()) {
                sources.add(new Source("classpath:" + BUNDLED + name, doc.text(), doc, true));
            } else {
                RouteDocument kept = RouteDocument.parse(doc.file(), doc.without(replaced));
                sources.add(new Source("classpath:" + BUNDLED + name, kept.text(), kept, true));
            }
        }
        for (RouteDocument d : own) {
            String name = Path.of(d.file()).getFileName().toString();
            // The bundled files pass the schema in the test suite (RouteSchemaTest); so does a folder copy of one
            // (the repository's own routes/): loading the schema costs about half a second, spent only when needed.
            if (!(bundled.contains(name) && d.text().equals(bundledText(name)))) {
                checks.check(d);
            }
            sources.add(new Source("file:" + folder.resolve(name).toAbsolutePath(), d.text(), d, false));
        }
        checks.save();
        return new RouteSet(folder, sources);
    }

    /** Checks one changed file of the folder before Camel reloads it (the same checks as at start). */
    public static RouteDocument check(Path file) {
        RouteDocument doc = RouteDocument.parse(display(file.getParent(), file), read(file));
        RouteSchema.check(doc);
        return doc;
    }

    public Path folder() {
        return folder;
    }

    public List<Source> sources() {
        return sources;
    }

    public List<Endpoint> endpoints() {
        return sources.stream().flatMap(s -> s.doc().endpoints().stream()).toList();
    }

    private static String display(Path folder, Path file) {
        Path name = file.getFileName();
        Path dir = folder == null ? null : folder.getFileName();
        return dir == null ? name.toString() : dir + "/" + name;
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the routes folder " + folder, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RouteFileException(file + ": cannot be read: " + e.getMessage());
        }
    }

    private static String bundledText(String name) {
        try (InputStream in = RouteSet.class.getClassLoader().getResourceAsStream(BUNDLED + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the route files the jar (or target/classes) carries. */
    static Set<String> bundledNames() {
        URL url = RouteSet.class.getClassLoader().getResource(BUNDLED);
        if (url == null) {
            return Collections.emptySet();
        }
        Set<String> names = new TreeSet<>();
        try {
            if ("jar".equals(url.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(BUNDLED) && n.endsWith(SUFFIX) && n.indexOf('/', BUNDLED.length()) < 0)
                            .forEach(n -> names.add(n.substring(BUNDLED.length())));
                }
            } else {
                for (Path p : list(Path.of(url.toURI()))) {
                    names.add(p.getFileName().toString());
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the bundled routes at " + url, e);
        }
        return names;
    }
}
