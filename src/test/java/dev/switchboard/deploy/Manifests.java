package dev.switchboard.deploy;

import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Secret;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Every YAML document under deploy/kubernetes/, read into its Kubernetes model by {@link ManifestSchema}. */
final class Manifests {

    static final Path FOLDER = Path.of("deploy", "kubernetes");

    /** One document of one file. */
    record Manifest(Path file, Object model) {
    }

    private final List<Manifest> all;

    private Manifests(List<Manifest> all) {
        this.all = List.copyOf(all);
    }

    /** Reads every file; fails naming each document the schema check refuses (all of them, not the first). */
    static Manifests load() {
        List<Manifest> read = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Path file : files()) {
            int index = 0;
            for (Object document : documents(file.toString(), text(file))) {
                index++;
                try {
                    read.add(new Manifest(file, ManifestSchema.read(document)));
                } catch (ManifestSchema.InvalidManifest e) {
                    refused.add(file + " (document " + index + "): " + e.getMessage());
                }
            }
        }
        if (!refused.isEmpty()) {
            throw new AssertionError("refused by the schema check:\n" + String.join("\n", refused));
        }
        return new Manifests(read);
    }

    /** The YAML files of the folder and its subfolders, sorted. */
    static List<Path> files() {
        try (Stream<Path> walk = Files.walk(FOLDER)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** YAML 1.2's core schema; a duplicate key is refused, as kubectl refuses it. An empty document is refused too. */
    static List<Object> documents(String label, String text) {
        LoadSettings settings = LoadSettings.builder().setLabel(label).setSchema(new CoreSchema())
                .setAllowDuplicateKeys(false).build();
        List<Object> documents = new ArrayList<>();
        for (Object document : new Load(settings).loadAllFromString(text)) {
            if (document == null) {
                throw new AssertionError(label + ": an empty document");
            }
            documents.add(document);
        }
        return documents;
    }

    static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<Manifest> all() {
        return all;
    }

    /** The one document of this model type. */
    <T> T one(Class<T> type) {
        List<T> found = all.stream().map(Manifest::model).filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    V1ConfigMap configMap(String name) {
        return all.stream().map(Manifest::model).filter(V1ConfigMap.class::isInstance).map(V1ConfigMap.class::cast)
                .filter(c -> name.equals(c.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no ConfigMap " + name + " in " + FOLDER));
    }

    V1Secret secret(String name) {
        return all.stream().map(Manifest::model).filter(V1Secret.class::isInstance).map(V1Secret.class::cast)
                .filter(s -> name.equals(s.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no Secret " + name + " in " + FOLDER));
    }
}
