package dev.switchboard.deploy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1Ingress;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one manifest document against the Kubernetes API's models (client-java's classes generated from the API's
 * OpenAPI document), as kubeconform -strict would with the API's JSON schema: an unknown field, a missing required
 * field or a value of the wrong type is refused, and a kind without a model is refused, never skipped.
 *
 * <p>Types: the models' gson adapters read {@code "3"} as 3 and {@code 100} as "100" without complaint, so the
 * document is read into its model and written back, and must come back as it was. One consequence is stricter than
 * the API server: a quantity must be a string ({@code cpu: "2"}, not {@code cpu: 2}).
 */
final class ManifestSchema {

    record Kind(String apiVersion, String kind) {
    }

    /** kustomize's own file: no Kubernetes schema covers it, so its fields are checked by name here. */
    record Kustomization(List<String> resources) {
    }

    /** The kinds deploy/kubernetes/ uses; another needs its model added here. */
    private static final Map<Kind, Class<?>> MODELS = Map.of(
            new Kind("v1", "ConfigMap"), V1ConfigMap.class,
            new Kind("v1", "Secret"), V1Secret.class,
            new Kind("v1", "Service"), V1Service.class,
            new Kind("apps/v1", "Deployment"), V1Deployment.class,
            new Kind("networking.k8s.io/v1", "Ingress"), V1Ingress.class,
            new Kind("policy/v1", "PodDisruptionBudget"), V1PodDisruptionBudget.class);

    private static final Kind KUSTOMIZATION = new Kind("kustomize.config.k8s.io/v1beta1", "Kustomization");

    /** The fields of kustomize's Kustomization type (sigs.k8s.io/kustomize/api/types). */
    private static final Set<String> KUSTOMIZATION_FIELDS = Set.of("apiVersion", "kind", "metadata", "openapi",
            "namePrefix", "nameSuffix", "namespace", "commonLabels", "labels", "commonAnnotations", "patches",
            "patchesStrategicMerge", "patchesJson6902", "images", "replacements", "replicas", "vars", "sortOptions",
            "resources", "components", "crds", "configMapGenerator", "secretGenerator", "generatorOptions",
            "helmGlobals", "helmCharts", "configurations", "generators", "transformers", "validators",
            "buildMetadata", "bases");

    private ManifestSchema() {
    }

    /** The document as its model ({@code V1Deployment}, …, or {@link Kustomization}); refuses it with the reason. */
    static Object read(Object document) {
        if (!(document instanceof Map<?, ?> fields)) {
            throw new InvalidManifest("not a mapping: " + document);
        }
        Kind kind = new Kind(String.valueOf(fields.get("apiVersion")), String.valueOf(fields.get("kind")));
        if (kind.equals(KUSTOMIZATION)) {
            return kustomization(fields);
        }
        Class<?> model = MODELS.get(kind);
        if (model == null) {
            throw new InvalidManifest("no schema for apiVersion " + kind.apiVersion() + ", kind " + kind.kind());
        }
        JsonElement given = toJson(document);
        Object typed;
        try {
            typed = JSON.getGson().fromJson(given, model);
        } catch (RuntimeException e) {
            throw new InvalidManifest(kind.kind() + ": " + reason(e));
        }
        String changed = difference(kind.kind(), given, JSON.getGson().toJsonTree(typed));
        if (changed != null) {
            throw new InvalidManifest(changed);
        }
        return typed;
    }

    private static Kustomization kustomization(Map<?, ?> fields) {
        for (Object name : fields.keySet()) {
            if (!KUSTOMIZATION_FIELDS.contains(name)) {
                throw new InvalidManifest("Kustomization: unknown field `" + name + "`");
            }
        }
        Object resources = fields.get("resources");
        if (!(resources instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new InvalidManifest("Kustomization: resources must be a list of file names, not " + resources);
        }
        return new Kustomization(list.stream().map(String.class::cast).toList());
    }

    /** YAML as parsed (maps, lists, scalars) to gson's tree, keeping each scalar's type. */
    private static JsonElement toJson(Object yaml) {
        if (yaml == null) {
            return JsonNull.INSTANCE;
        }
        if (yaml instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((k, v) -> {
                if (!(k instanceof String name)) {
                    throw new InvalidManifest("a key that is not a string: " + k);
                }
                object.add(name, toJson(v));
            });
            return object;
        }
        if (yaml instanceof List<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(v -> array.add(toJson(v)));
            return array;
        }
        if (yaml instanceof Number n) {
            return new JsonPrimitive(n);
        }
        if (yaml instanceof Boolean b) {
            return new JsonPrimitive(b);
        }
        if (yaml instanceof String s) {
            return new JsonPrimitive(s);
        }
        throw new InvalidManifest("a value YAML gives as " + yaml.getClass().getSimpleName() + ": " + yaml);
    }

    /** Where the model's reading of the document differs from the document, or null. */
    private static String difference(String path, JsonElement given, JsonElement back) {
        if (given.equals(back)) {
            return null;
        }
        if (given.isJsonObject() && back.isJsonObject()) {
            JsonObject g = given.getAsJsonObject();
            JsonObject b = back.getAsJsonObject();
            for (String name : g.keySet()) {
                if (!b.has(name)) {
                    return path + "." + name + ": " + g.get(name) + " is not kept by the model (null or empty)";
                }
                String inner = difference(path + "." + name, g.get(name), b.get(name));
                if (inner != null) {
                    return inner;
                }
            }
            for (String name : b.keySet()) {
                if (!g.has(name) && !isEmpty(b.get(name))) {
                    return path + "." + name + ": added by the model: " + b.get(name);
                }
            }
            return null;
        }
        if (given.isJsonArray() && back.isJsonArray() && given.getAsJsonArray().size() == back.getAsJsonArray().size()) {
            for (int i = 0; i < given.getAsJsonArray().size(); i++) {
                String inner = difference(path + "[" + i + "]", given.getAsJsonArray().get(i), back.getAsJsonArray().get(i));
                if (inner != null) {
                    return inner;
                }
            }
            return null;
        }
        return path + ": " + given + " has the wrong type (read as " + back + ")";
    }

    private static boolean isEmpty(JsonElement e) {
        return e.isJsonNull() || e.isJsonArray() && e.getAsJsonArray().isEmpty()
                || e.isJsonObject() && e.getAsJsonObject().isEmpty();
    }

    /** The models' own message, without the whole object they append to it. */
    private static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        int json = message.indexOf(" JSON: ");
        return json > 0 ? message.substring(0, json) : message;
    }

    /** A manifest the schema check refuses. */
    static final class InvalidManifest extends RuntimeException {
        InvalidManifest(String message) {
            super(message);
        }
    }
}
