package dev.switchboard.connect;

import org.apache.camel.Route;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.EventHelper;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reloads a changed route file of the engineer's folder after the same checks as at start (schema, components
 * fetched or refused): a file that fails them is refused with one line and the running routes keep working.
 * Only the changed file's routes are replaced (by id); the rest of Switchboard is never stopped.
 *
 * <p>Camel loads exactly the text that was checked (read once), not the file again: a file still being written
 * when its first event arrives would otherwise be checked empty and loaded whole. Each file is reloaded on its own:
 * Camel's own strategy, after a failed load, retries the failed file with every later change, so one refused file
 * would hold back every good one dropped after it.
 */
public final class CheckedReloadStrategy extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedReloadStrategy.class);

    private final Path folder;
    private final Components components;
    /** The text each file was last loaded with: a second event for the same text (create, then write) is skipped. */
    private final Map<String, String> loaded = new HashMap<>();

    public CheckedReloadStrategy(Path folder, Components components) {
        super(folder.toString(), false);
        setPattern("*.camel.yaml");
        setRemoveAllRoutes(false);
        this.folder = folder;
        this.components = components;
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        if (resources == null) {
            super.onRouteReload(null, removeEverything);
            return;
        }
        for (Resource r : resources) {
            Path file = Path.of(r.getURI());
            // A deleted file's routes keep running: Camel cannot tell which routes a file that is gone held.
            if (Files.isRegularFile(file)) {
                reload(r.getLocation(), file);
            }
        }
    }

    private void reload(String location, Path file) {
        RouteDocument doc;
        try {
            doc = RouteSet.check(file);
            components.prepare(doc.endpoints());
        } catch (RouteFileException e) {
            LOG.error("Not reloaded: {}", e.getMessage());
            return;
        }
        if (doc.text().equals(loaded.get(location))) {
            return;
        }
        Set<String> ids;
        try {
            ids = PluginHelper.getRoutesLoader(getCamelContext())
                    .updateRoutes(List.of(ResourceHelper.fromString(location, doc.text())));
        } catch (Exception e) {
            LOG.error("Not reloaded: {}/{}: {}", folder.getFileName(), file.getFileName(), Components.rootMessage(e));
            return;
        }
        loaded.put(location, doc.text());
        LOG.info("Reloaded {}/{}: routes {}", folder.getFileName(), file.getFileName(), ids);
        int index = 1;
        for (String id : ids) {
            Route route = getCamelContext().getRoute(id);
            EventHelper.notifyRouteReloaded(getCamelContext(), route, index++, ids.size());
        }
    }
}
