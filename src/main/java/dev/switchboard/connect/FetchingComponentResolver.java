package dev.switchboard.connect;

import org.apache.camel.CamelContext;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel's component resolver, with one more chance: a scheme first seen after start (a dynamic URI, a route added at
 * run time) is fetched like the ones the route files name, or refused with the same one line.
 */
public final class FetchingComponentResolver implements ComponentResolver {

    private static final Logger LOG = LoggerFactory.getLogger(FetchingComponentResolver.class);

    private final ComponentResolver camels;
    private final Components components;

    public FetchingComponentResolver(ComponentResolver camels, Components components) {
        this.camels = camels;
        this.components = components;
    }

    @Override
    public Component resolveComponent(String name, CamelContext context) throws Exception {
        Component found = camels.resolveComponent(name, context);
        if (found != null) {
            return found;
        }
        try {
            if (components.ensure(name, "endpoint '" + name + ":'")) {
                return camels.resolveComponent(name, context);
            }
        } catch (RouteFileException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        return null;
    }
}
