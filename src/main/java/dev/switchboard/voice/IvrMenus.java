package dev.switchboard.voice;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The IVR menus: {@code *.yaml} in the menus folder, checked at start (a bad file stops Switchboard with
 * its file and line) and reloaded when a file changes (a bad edit is logged and the previous menus stay).
 * Without the folder, the copies bundled in the jar are used.
 */
public final class IvrMenus {

    private static final Logger LOG = LoggerFactory.getLogger(IvrMenus.class);
    private static final long CHECK_EVERY_NANOS = 500_000_000L;

    private final Path dir;
    private final boolean reload;
    private volatile Map<String, IvrMenu> menus;
    private volatile String stamp;
    private volatile long checkedAt;
    private volatile String refusal;

    private IvrMenus(Path dir, boolean reload) {
        this.dir = dir;
        this.reload = reload;
    }

    /** Menus from a folder; throws {@link IvrConfigException} when a file is invalid. */
    public static IvrMenus fromDirectory(Path dir, boolean reload) {
        IvrMenus m = new IvrMenus(dir, reload);
        m.stamp = m.stamp();
        m.menus = load(m.readFolder());
        return m;
    }

    /** Menus from file name → YAML text (the jar's bundled copies); never reloaded. */
    public static IvrMenus fromTexts(Map<String, String> files) {
        IvrMenus m = new IvrMenus(null, false);
        m.menus = load(files);
        return m;
    }

    public Optional<IvrMenu> menu(String name) {
        return Optional.ofNullable(current().get(name));
    }

    public List<String> names() {
        return List.copyOf(current().keySet());
    }

    /** Why the folder's latest edit was not loaded (the previous menus stay); empty once an edit loads. */
    public Optional<String> refusal() {
        current();
        return Optional.ofNullable(refusal);
    }

    private Map<String, IvrMenu> current() {
        if (reload && System.nanoTime() - checkedAt > CHECK_EVERY_NANOS) {
            checkedAt = System.nanoTime();
            String now = stamp();
            if (!now.equals(stamp)) {
                reloadFrom(now);
            }
        }
        return menus;
    }

    private synchronized void reloadFrom(String now) {
        if (now.equals(stamp)) {
            return;
        }
        stamp = now;
        try {
            menus = load(readFolder());
            refusal = null;
            LOG.info("IVR menus reloaded from {}: {}", dir, menus.keySet());
        } catch (IvrConfigException | UncheckedIOException e) {
            refusal = e.getMessage();
            LOG.error("IVR menus in {} not reloaded, the previous ones stay: {}", dir, e.getMessage());
        }
    }

    private static Map<String, IvrMenu> load(Map<String, String> files) {
        List<IvrMenu> all = new ArrayList<>();
        files.forEach((name, text) -> all.addAll(IvrMenuParser.parse(name, text)));
        validate(all);
        Map<String, IvrMenu> byName = new LinkedHashMap<>();
        all.forEach(m -> byName.put(m.name(), m));
        return Map.copyOf(byName);
    }

    private Map<String, String> readFolder() {
        Map<String, String> files = new java.util.TreeMap<>();
        for (Path p : yamlFiles()) {
            try {
                files.put(dir.getFileName() + "/" + p.getFileName(), Files.readString(p, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }
        return files;
    }

    private List<Path> yamlFiles() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Names, sizes and modification times: changes when any menu file is added, removed or edited. */
    private String stamp() {
        StringBuilder sb = new StringBuilder();
        try {
            for (Path p : yamlFiles()) {
                sb.append(p.getFileName()).append(':').append(Files.size(p)).append(':')
                        .append(Files.getLastModifiedTime(p).toMillis()).append(';');
            }
        } catch (IOException | UncheckedIOException e) {
            return "unreadable";
        }
        return sb.toString();
    }

    /** Every goto target exists (across all files) and menu names are unique. */
    static void validate(List<IvrMenu> menus) {
        Map<String, IvrMenu> byName = new LinkedHashMap<>();
        for (IvrMenu m : menus) {
            IvrMenu earlier = byName.putIfAbsent(m.name(), m);
            if (earlier != null) {
                throw new IvrConfigException(m.source() + ": menu '" + m.name() + "' is defined twice (also at "
                        + earlier.source() + ")");
            }
        }
        for (IvrMenu m : menus) {
            for (IvrMenu.Option o : m.options()) {
                checkTarget(byName, o.action(), o.source(), m.name());
            }
            if (m.fallback() != null) {
                checkTarget(byName, m.fallback(), m.source(), m.name());
            }
        }
    }

    private static void checkTarget(Map<String, IvrMenu> menus, IvrMenu.Action action, String source, String menu) {
        if (action.gotoMenu() != null && !menus.containsKey(action.gotoMenu())) {
            throw new IvrConfigException(source + ": menu '" + menu + "' goes to unknown menu '" + action.gotoMenu()
                    + "' (known: " + String.join(", ", menus.keySet()) + ")");
        }
    }
}
