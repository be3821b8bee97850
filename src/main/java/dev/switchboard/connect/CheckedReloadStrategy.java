package dev.switchboard.connect;

import org.apache.camel.spi.Resource;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Reloads a changed route file of the engineer's folder after the same checks as at start (schema, components
 * fetched or refused): a file that fails them is refused with one line and the running routes keep working.
 * Only the changed file's routes are replaced (by id); the rest of Switchboard is never stopped.
 */
public final class CheckedReloadStrategy extends RouteWatcherReloadStrategy {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedReloadStrategy.class);

    private final Components components;

    public CheckedReloadStrategy(Path folder, Components components) {
        super(folder.toString(), false);
        setPattern("*.camel.yaml");
        setRemoveAllRoutes(false);
        this.components = components;
    }

    @Override
    protected void onRouteReload(Collection<Resource> resources, boolean removeEverything) {
        if (resources != null) {
            for (Resource r : resources) {
                Path file = Path.of(r.getURI());
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    components.prepare(RouteSet.check(file).endpoints());
                } catch (RouteFileException e) {
                    LOG.error("Not reloaded: {}", e.getMessage());
                    return;
                }
            }
        }
        super.onRouteReload(resources, removeEverything);
    }
}
