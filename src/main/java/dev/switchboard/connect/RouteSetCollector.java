package dev.switchboard.connect;

import org.apache.camel.CamelContext;
import org.apache.camel.main.DefaultRoutesCollector;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.ResourceHelper;

import java.util.Collection;

/** Hands camel-main the route files of a {@link RouteSet}, as checked, instead of scanning include patterns. */
public final class RouteSetCollector extends DefaultRoutesCollector {

    private final RouteSet routes;

    public RouteSetCollector(RouteSet routes) {
        this.routes = routes;
    }

    @Override
    public Collection<Resource> findRouteResourcesFromDirectory(CamelContext context, String exclude, String include) {
        return routes.sources().stream().map(s -> (Resource) ResourceHelper.fromString(s.location(), s.text())).toList();
    }
}
