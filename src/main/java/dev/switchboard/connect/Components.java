package dev.switchboard.connect;

import dev.switchboard.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Components on demand: every scheme a route names that the jar lacks is fetched once into the components folder
 * ({@code SWITCHBOARD_COMPONENTS_DIR}) and loaded before the routes start; offline, only that folder is used.
 */
public final class Components implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Components.class);

    private final Path folder;
    private final boolean offline;
    private final List<String> repositories;
    private final List<String> wanted;
    private final ComponentClassLoader loader;
    private final ComponentIndex index;
    private ComponentCatalog catalog;
    private ComponentFetcher fetcher;

    private Components(Path folder, boolean offline, List<String> repositories, List<String> wanted, ClassLoader parent) {
        this.folder = folder;
        this.offline = offline;
        this.repositories = repositories;
        this.wanted = wanted;
        this.loader = new ComponentClassLoader(parent);
        this.index = new ComponentIndex(folder);
    }

    public static Components of(Settings settings) {
        Path folder = settings.get("switchboard.components.dir").map(Path::of)
                .orElse(settings.dataDir().resolve("components")).toAbsolutePath().normalize();
        return new Components(folder, settings.getBoolean("switchboard.components.offline", false),
                list(settings.get("switchboard.components.repositories", ComponentFetcher.CENTRAL)),
                list(settings.get("switchboard.components", "")), Components.class.getClassLoader());
    }

    /** Loads what {@code SWITCHBOARD_COMPONENTS} and the routes name, fetching what is missing; refuses with one line. */
    public void prepare(List<Endpoint> endpoints) {
        Map<String, String> needed = new LinkedHashMap<>();
        wanted.forEach(scheme -> needed.putIfAbsent(scheme, "SWITCHBOARD_COMPONENTS"));
        for (Endpoint e : endpoints) {
            e.scheme().ifPresent(scheme -> needed.putIfAbsent(scheme, e.where()));
        }
        needed.forEach(this::ensure);
    }

    /** Makes {@code scheme} loadable; {@code where} (file:line) is named if it cannot be. True when it was missing. */
    public synchronized boolean ensure(String scheme, String where) {
        if (ComponentCatalog.available(scheme, loader)) {
            return false;
        }
        Optional<List<Path>> indexed = index.jars(scheme, ComponentFetcher.camelVersion());
        if (indexed.isPresent()) {
            loader.add(indexed.get());
            if (ComponentCatalog.available(scheme, loader)) {
                LOG.info("Component {} ready from {} ({} jar(s))", scheme, folder, indexed.get().size());
                return true;
            }
        }
        Optional<String> gav = catalog().artifactOf(scheme);
        if (gav.isEmpty()) {
            throw new RouteFileException(where + ": no Camel component has the scheme '" + scheme
                    + "' (Camel's catalog of the release Switchboard ships: https://camel.apache.org/components/4.14.x/)");
        }
        long started = System.nanoTime();
        List<Path> jars;
        try {
            jars = fetcher().fetch(gav.get());
        } catch (Exception e) {
            String command = "java -jar switchboard.jar components fetch " + scheme
                    + " (with SWITCHBOARD_COMPONENTS_DIR=" + folder + ")";
            if (offline) {
                throw new RouteFileException(where + ": component '" + scheme + "' (" + gav.get()
                        + ") is not in the components folder " + folder + " and SWITCHBOARD_COMPONENTS_OFFLINE=true;"
                        + " fetch it on a machine with access to a Maven repository: " + command, e);
            }
            throw new RouteFileException(where + ": component '" + scheme + "' (" + gav.get() + ") could not be fetched from "
                    + String.join(", ", repositories) + ": " + rootMessage(e) + "; set SWITCHBOARD_COMPONENTS_REPOSITORIES"
                    + " to a reachable Maven repository or mirror, or: " + command, e);
        }
        loader.add(jars);
        if (!ComponentCatalog.available(scheme, loader)) {
            throw new RouteFileException(where + ": component '" + scheme + "' was fetched (" + gav.get()
                    + ") but does not provide that scheme");
        }
        index.record(scheme, gav.get(), jars);
        LOG.info("Component {} ready: {} ({} jar(s) beyond the ones Switchboard carries, {} ms, folder {})", scheme,
                gav.get(), jars.size(), (System.nanoTime() - started) / 1_000_000, folder);
        return true;
    }

    /** The class loader the routes run with: Switchboard's own classes, then the fetched components. */
    public ClassLoader classLoader() {
        return loader;
    }

    public Path folder() {
        return folder;
    }

    /** Releases the downloader (its threads and connections); components already loaded stay loaded. */
    @Override
    public synchronized void close() {
        if (fetcher != null) {
            fetcher.close();
            fetcher = null;
        }
    }

    private ComponentCatalog catalog() {
        if (catalog == null) {
            catalog = new ComponentCatalog();
        }
        return catalog;
    }

    private ComponentFetcher fetcher() {
        if (fetcher == null) {
            fetcher = new ComponentFetcher(folder, repositories, offline);
        }
        return fetcher;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static List<String> list(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
