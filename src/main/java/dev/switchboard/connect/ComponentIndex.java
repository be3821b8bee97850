package dev.switchboard.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The components folder's own index ({@code switchboard-components.properties}): which jars each fetched scheme
 * needs, so a later start loads them directly instead of asking the Maven resolver again (about 400 ms for two).
 */
final class ComponentIndex {

    static final String FILE = "switchboard-components.properties";

    private final Path folder;
    private final Properties entries = new Properties();

    ComponentIndex(Path folder) {
        this.folder = folder;
        Path file = folder.resolve(FILE);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                entries.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    /** The jars recorded for {@code scheme} when they came from {@code version} of Camel and are all still there. */
    Optional<List<Path>> jars(String scheme, String version) {
        String entry = entries.getProperty(scheme);
        if (entry == null) {
            return Optional.empty();
        }
        String[] parts = entry.split(",");
        if (!parts[0].endsWith(":" + version)) {
            return Optional.empty();
        }
        List<Path> jars = Arrays.stream(parts).skip(1).map(folder::resolve).toList();
        return jars.stream().allMatch(Files::isRegularFile) ? Optional.of(jars) : Optional.empty();
    }

    /** Records what {@code gav} (of {@code scheme}) needed; written whole, then moved into place. */
    synchronized void record(String scheme, String gav, List<Path> jars) {
        StringBuilder value = new StringBuilder(gav);
        for (Path jar : jars) {
            value.append(',').append(folder.relativize(jar.toAbsolutePath()).toString().replace('\\', '/'));
        }
        entries.setProperty(scheme, value.toString());
        try {
            Files.createDirectories(folder);
            Path tmp = Files.createTempFile(folder, FILE, ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                entries.store(out, "Written by Switchboard: scheme = artifact, then the jars it needs beyond the jar's own");
            }
            Files.move(tmp, folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(FILE), e);
        }
    }
}
