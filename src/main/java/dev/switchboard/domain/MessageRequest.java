package dev.switchboard.domain;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The canonical request every inbound adapter hands the front door, already validated.
 *
 * @param channel        how to reach the person
 * @param to             the recipient
 * @param from           an E.164 number or an alphanumeric sender id; {@code null} for the default sender
 * @param body           the text to send
 * @param sendAt         when to send; {@code null} for now
 * @param tags           caller's labels, never {@code null}, unmodifiable, ordered by key
 * @param idempotencyKey the caller's key for safe retries, or {@code null}
 * @param source         the adapter it came through: {@code http}, {@code file}, {@code jms}, {@code email}
 */
public record MessageRequest(Channel channel, E164 to, String from, String body, Instant sendAt,
                             Map<String, String> tags, String idempotencyKey, String source) {

    // Bump when the serialization below changes, so old and new fingerprints never collide.
    private static final String FINGERPRINT_VERSION = "switchboard-request-v1";

    public MessageRequest {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(source, "source");
        tags = sortedCopy(tags);
    }

    /**
     * Lower-case hex SHA-256 of what is sent, to whom and when (channel, to, from, body, sendAt,
     * tags), so a retry with the same Idempotency-Key can be told apart from a different request.
     * The key and the source are left out: the same payload through another door is the same request.
     */
    public String fingerprint() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            // Length-prefixed fields, so ("ab","c") and ("a","bc") cannot serialize alike.
            field(out, FINGERPRINT_VERSION);
            field(out, channel.wireName());
            field(out, to.value());
            field(out, from);
            field(out, body);
            field(out, sendAt == null ? null : sendAt.toString());
            out.writeInt(tags.size());
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                field(out, tag.getKey());
                field(out, tag.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(sha256(bytes.toByteArray()));
    }

    private static Map<String, String> sortedCopy(Map<String, String> tags) {
        if (tags == null || tags.isEmpty()) {
            return Collections.emptySortedMap();
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        tags.forEach((key, value) -> sorted.put(Objects.requireNonNull(key, "tag key"),
                Objects.requireNonNull(value, "tag value")));
        return Collections.unmodifiableSortedMap(sorted);
    }

    // -1 marks null, so an absent value differs from an empty one.
    private static void field(DataOutputStream out, String value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
