package dev.switchboard.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The API keys that may call {@code /api/v1}: {@code SWITCHBOARD_API_KEYS}, or one generated at first
 * start and kept in the data directory. Keys are held only as SHA-256 digests and compared in constant time.
 */
public final class ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    static final String KEY_FILE = "api-key";

    private final List<byte[]> digests;

    private ApiKeys(List<String> keys) {
        this.digests = keys.stream().map(ApiKeys::sha256).toList();
    }

    public static ApiKeys of(List<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one API key is required");
        }
        return new ApiKeys(keys);
    }

    /** Configured keys if any; otherwise the data directory's generated key, created (and printed once) if missing. */
    public static ApiKeys load(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return of(Arrays.stream(configured.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList());
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                return of(List.of(Files.readString(file, StandardCharsets.UTF_8).trim()));
            }
            String key = "sbk_" + HexFormat.of().formatHex(randomBytes(24));
            Files.createDirectories(dataDir);
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            restrictToOwner(file);
            // Printed once, at generation: the operator needs it, and it is never logged again.
            LOG.warn("No SWITCHBOARD_API_KEYS set: generated an API key, kept in {}\n\n    API key: {}\n", file, key);
            return of(List.of(key));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the API key file " + file, e);
        }
    }

    /** True when the {@code Authorization} header carries one of the keys as a Bearer token. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, presented);
        }
        return match;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("Could not restrict permissions of {}", file);
        }
    }
}
