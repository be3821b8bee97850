package dev.switchboard.connect;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a route file against Camel's own YAML DSL JSON schema ({@code schema/camelYamlDsl.json}, shipped in
 * camel-yaml-dsl), so a misspelt key fails with its file and line instead of a stack trace at start.
 */
public final class RouteSchema {

    private static volatile JsonSchema schema;

    private RouteSchema() {
    }

    /** The first problem of {@code doc} as one line ({@code routes/x.camel.yaml:12: …}), or empty when it is valid. */
    public static Optional<String> problem(RouteDocument doc) {
        Set<ValidationMessage> messages = schema().validate(doc.json());
        // The deepest location is the most specific: a oneOf over every step kind reports at its parent too.
        return messages.stream()
                .max(Comparator.comparing((ValidationMessage m) -> doc.has(pointer(m))) // a key that is there (a typo) first
                        .thenComparingInt(m -> depth(pointer(m))).thenComparing(m -> -doc.lineOf(pointer(m))))
                .map(m -> doc.file() + ":" + doc.lineOf(pointer(m)) + ": not a valid Camel YAML route: " + readable(m));
    }

    /** Refuses {@code doc} with its first problem. */
    public static void check(RouteDocument doc) {
        problem(doc).ifPresent(p -> {
            throw new RouteFileException(p);
        });
    }

    /** Where the problem is: an unknown key's own place rather than its parent's. */
    private static String pointer(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        return m.getProperty() == null ? at : at + "/" + m.getProperty().replace("~", "~0").replace("/", "~1");
    }

    private static String readable(ValidationMessage m) {
        String where = m.getInstanceLocation().toString();
        String text = m.getMessage();
        // networknt prefixes the location itself; the line number says it better.
        return text.startsWith(where + ": ") ? text.substring(where.length() + 2) + " (at " + where + ")" : text;
    }

    private static int depth(String pointer) {
        return (int) pointer.chars().filter(c -> c == '/').count();
    }

    private static JsonSchema schema() {
        JsonSchema s = schema;
        if (s == null) {
            synchronized (RouteSchema.class) {
                if (schema == null) {
                    schema = load();
                }
                s = schema;
            }
        }
        return s;
    }

    private static JsonSchema load() {
        try (InputStream in = RouteSchema.class.getResourceAsStream("/schema/camelYamlDsl.json")) {
            if (in == null) {
                throw new IllegalStateException("camel-yaml-dsl's schema/camelYamlDsl.json is not on the classpath");
            }
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER).preloadJsonSchema(false).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
