package dev.switchboard.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The API keys that may call {@code /api/v1}: {@code SWITCHBOARD_API_KEYS} (keys, or their {@code sha256:<hex>}), or
 * one generated at first start whose hash is kept in the data directory. Keys are held only as SHA-256 digests and
 * compared in constant time.
 */
public final class ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    static final String KEY_FILE = "api-key";
    static final String HASH_PREFIX = "sha256:";

    private final List<byte[]> digests;

    private ApiKeys(List<byte[]> digests) {
        this.digests = List.copyOf(digests);
    }

    public static ApiKeys of(List<String> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one API key is required");
        }
        return new ApiKeys(keys.stream().map(ApiKeys::digestOf).toList());
    }

    /**
     * Configured keys if any; otherwise the key generated at first start, of which the data directory keeps only
     * the SHA-256 ({@code sha256:<hex>}). A generated key is shown once, on the console, never in the log; a key
     * file from an earlier version that holds the key itself is rewritten to hold its hash.
     */
    public static ApiKeys load(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return of(Arrays.stream(configured.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList());
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (stored.startsWith(HASH_PREFIX)) {
                    return new ApiKeys(List.of(HexFormat.of().parseHex(stored.substring(HASH_PREFIX.length()))));
                }
                writeHash(file, stored);
                LOG.info("{} held an API key in plain text; it now holds only the key's SHA-256", file);
                return of(List.of(stored));
            }
            String key = "sbk_" + Secrets.randomHex(24);
            Files.createDirectories(dataDir);
            writeHash(file, key);
            // Shown once, on the console and not through the log: only its hash is kept.
            System.out.printf("%nNo SWITCHBOARD_API_KEYS set: generated this API key (shown once; only its SHA-256 is"
                    + " kept, in %s):%n%n    %s%n%n", file, key);
            System.out.flush();
            LOG.warn("No SWITCHBOARD_API_KEYS set: generated an API key, printed once on the console; its hash is in {}", file);
            return of(List.of(key));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read or create the API key file " + file
                    + " (delete it to generate a new key)", e);
        }
    }

    private static void writeHash(Path file, String key) throws IOException {
        Secrets.writeHash(file, key);
    }

    /** True when the {@code Authorization} header carries one of the keys as a Bearer token. */
    public boolean accepts(String authorization) {
        return keyOf(authorization) != null;
    }

    /** The SHA-256 of the presented key when it is one of the keys (the key's identity for rate limits), else null. */
    public String keyOf(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        byte[] presented = sha256(authorization.substring(7).trim());
        boolean match = false;
        for (byte[] digest : digests) {
            match |= MessageDigest.isEqual(digest, presented);
        }
        return match ? HexFormat.of().formatHex(presented) : null;
    }

    // A configured entry may be the hash itself (sha256:<64 hex>), so the environment need not hold the key.
    private static byte[] digestOf(String entry) {
        if (entry.startsWith(HASH_PREFIX) && entry.length() == HASH_PREFIX.length() + 64) {
            try {
                return HexFormat.of().parseHex(entry.substring(HASH_PREFIX.length()));
            } catch (IllegalArgumentException notHex) {
                return sha256(entry);
            }
        }
        return sha256(entry);
    }

    private static byte[] sha256(String key) {
        return Secrets.sha256(key);
    }
}
