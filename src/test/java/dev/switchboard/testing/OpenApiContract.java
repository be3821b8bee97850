package dev.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks real HTTP answers against an OpenAPI 3.1 document: the status must be documented for the operation, and
 * the body must validate against that status's JSON schema. Remembers which operations and answers were checked.
 */
public final class OpenApiContract {

    private final JsonNode document;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Set<String> checked = new LinkedHashSet<>();

    public OpenApiContract(JsonNode document) {
        this.document = document;
    }

    /** "METHOD path" of every operation in the document. */
    public Set<String> operations() {
        Set<String> ops = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (!method.equals("parameters")) {
                ops.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        return ops;
    }

    /** Operations whose answers were checked with a status in this class (2 = 2xx, 4 = 4xx…). */
    public Set<String> checkedWith(char statusClass) {
        Set<String> ops = new TreeSet<>();
        for (String c : checked) {
            String[] parts = c.split(" ");
            if (parts[2].charAt(0) == statusClass) {
                ops.add(parts[0] + " " + parts[1]);
            }
        }
        return ops;
    }

    /** Fails unless {@code response} is a documented answer of {@code method path} (path as written in the document). */
    public HttpResponse<String> check(String method, String path, HttpResponse<String> response) {
        JsonNode operation = document.path("paths").path(path).path(method.toLowerCase());
        if (operation.isMissingNode()) {
            throw new AssertionError(method + " " + path + " is not in the OpenAPI document");
        }
        String status = String.valueOf(response.statusCode());
        JsonNode answer = operation.path("responses").path(status);
        if (answer.isMissingNode()) {
            throw new AssertionError(method + " " + path + " answered " + status + ", which the document does not list: "
                    + response.body());
        }
        for (Iterator<Map.Entry<String, JsonNode>> h = answer.path("headers").fields(); h.hasNext(); ) {
            String header = h.next().getKey();
            if (response.headers().firstValue(header).isEmpty()) {
                throw new AssertionError(method + " " + path + " " + status + " lacks the documented header " + header);
            }
        }
        JsonNode schema = answer.path("content").path("application/json").path("schema");
        if (!schema.isMissingNode()) {
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("application/json")) {
                throw new AssertionError(method + " " + path + " " + status + " answered Content-Type " + type);
            }
            Set<ValidationMessage> errors = schemaOf(schema).validate(Json.parse(response.body()));
            if (!errors.isEmpty()) {
                throw new AssertionError(method + " " + path + " " + status + " does not match the document: " + errors
                        + "\nbody: " + response.body());
            }
        }
        checked.add(method.toUpperCase() + " " + path + " " + status);
        return response;
    }

    /** The response schema, resolved against the whole document so {@code #/components/schemas/…} refs work. */
    private JsonSchema schemaOf(JsonNode responseSchema) {
        ObjectNode root = document.deepCopy();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.setAll((ObjectNode) responseSchema.deepCopy());
        return schemas.getSchema(root);
    }
}
