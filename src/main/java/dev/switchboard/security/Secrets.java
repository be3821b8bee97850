package dev.switchboard.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Generated secrets kept only as their SHA-256, in files only the owner may read: the API key, the broker password. */
public final class Secrets {

    private static final Logger LOG = LoggerFactory.getLogger(Secrets.class);
    static final String HASH_PREFIX = "sha256:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** {@code bytes} random bytes as hex, from a cryptographically strong generator. */
    public static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Whether {@code presented} hashes to {@code hash}, in time independent of where they differ. */
    public static boolean matches(String presented, byte[] hash) {
        return presented != null && MessageDigest.isEqual(sha256(presented), hash);
    }

    /** Writes the secret's hash to {@code file}, readable by its owner only. */
    static void writeHash(Path file, String secret) throws IOException {
        Files.writeString(file, HASH_PREFIX + HexFormat.of().formatHex(sha256(secret)) + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.debug("Could not restrict permissions of {}", file);
        }
    }

    /**
     * The hash kept in {@code file}; when there is none, a new secret ({@code prefix} + 24 random bytes) is generated,
     * its hash stored, and the secret printed once on the console (never to the log), named {@code what} and the
     * variable that would set it.
     */
    public static byte[] storedOrGenerated(Path file, String prefix, String what, String variable) {
        try {
            if (Files.exists(file)) {
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!stored.startsWith(HASH_PREFIX)) {
                    throw new IllegalArgumentException("not a sha256: line");
                }
                return HexFormat.of().parseHex(stored.substring(HASH_PREFIX.length()));
            }
            String secret = prefix + randomHex(24);
            Files.createDirectories(file.getParent());
            writeHash(file, secret);
            System.out.printf("%nNo %s set: generated this %s (shown once; only its SHA-256 is kept, in %s):%n%n    %s%n%n",
                    variable, what, file, secret);
            System.out.flush();
            LOG.warn("No {} set: generated the {}, printed once on the console; its hash is in {}", variable, what, file);
            return sha256(secret);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read or create " + file + " (the " + what
                    + "; delete it to generate a new one)", e);
        }
    }
}
