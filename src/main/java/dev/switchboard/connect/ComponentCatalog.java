package dev.switchboard.connect;

import org.apache.camel.catalog.CamelCatalog;
import org.apache.camel.catalog.DefaultCamelCatalog;
import org.apache.camel.tooling.model.ComponentModel;

import java.util.Optional;

/** Which Maven artifact carries a component scheme, from Camel's own catalog of the release we ship. */
public final class ComponentCatalog {

    private static final String SERVICE = "META-INF/services/org/apache/camel/component/";

    private final CamelCatalog catalog = new DefaultCamelCatalog(true);

    /** {@code org.apache.camel:camel-paho-mqtt5:4.14.0} for {@code paho-mqtt5}; empty for a scheme Camel does not know. */
    public Optional<String> artifactOf(String scheme) {
        ComponentModel model = catalog.componentModel(scheme);
        if (model == null) {
            return Optional.empty();
        }
        return Optional.of(model.getGroupId() + ":" + model.getArtifactId() + ":" + model.getVersion());
    }

    /** Whether {@code loader} already has the component (the jar, or what was fetched before). */
    public static boolean available(String scheme, ClassLoader loader) {
        return loader.getResource(SERVICE + scheme) != null;
    }
}
