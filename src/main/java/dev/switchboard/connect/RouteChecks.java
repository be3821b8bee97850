package dev.switchboard.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Remembers which route file contents passed the schema check ({@code <data dir>/routes-checked.txt}, SHA-256 of the
 * text and the Camel version): an unchanged file is not checked again, so a restart does not load the half-megabyte
 * schema at all.
 */
public final class RouteChecks {

    private final Path file;
    private final String salt;
    private final Set<String> passed = new HashSet<>();
    private boolean changed;

    private RouteChecks(Path file, String salt) {
        this.file = file;
        this.salt = salt;
        if (file != null && Files.isRegularFile(file)) {
            try {
                passed.addAll(Files.readAllLines(file, StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    /** Remembered in {@code file}. */
    public static RouteChecks in(Path file) {
        return new RouteChecks(file, ComponentFetcher.camelVersion());
    }

    /** Remembers nothing: every file is checked (tests). */
    public static RouteChecks none() {
        return new RouteChecks(null, "");
    }

    /** Checks {@code doc} unless the same text passed before. */
    void check(RouteDocument doc) {
        String hash = hash(doc.text());
        if (!passed.contains(hash)) {
            RouteSchema.check(doc);
            changed |= passed.add(hash);
        }
    }

    /** Writes what passed (whole, then moved into place); nothing when nothing new passed. */
    void save() {
        if (file == null || !changed) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.write(tmp, List.copyOf(passed), StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            changed = false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private String hash(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
