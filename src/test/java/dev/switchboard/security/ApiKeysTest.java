package dev.switchboard.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys: a generated key is shown once and only its hash is stored; comparison by digest. */
class ApiKeysTest {

    @Test
    void a_generated_key_is_printed_once_and_only_its_hash_is_stored(@TempDir Path data) throws Exception {
        String printed = capturingStdout(() -> ApiKeys.load(null, data));
        Matcher m = Pattern.compile("sbk_[0-9a-f]{48}").matcher(printed);
        assertThat(m.find()).isTrue();
        String key = m.group();
        String stored = Files.readString(data.resolve("api-key"), StandardCharsets.UTF_8);

        assertThat(stored).startsWith("sha256:").doesNotContain(key);
        String again = capturingStdout(() -> {
            ApiKeys reloaded = ApiKeys.load(null, data);
            assertThat(reloaded.accepts("Bearer " + key)).isTrue();
            assertThat(reloaded.accepts("Bearer " + key + "x")).isFalse();
        });
        assertThat(again).doesNotContain(key);
    }

    @Test
    void a_key_file_in_plain_text_is_rewritten_as_its_hash(@TempDir Path data) throws Exception {
        Files.writeString(data.resolve("api-key"), "sbk_legacy-key\n");

        ApiKeys keys = ApiKeys.load(null, data);

        assertThat(keys.accepts("Bearer sbk_legacy-key")).isTrue();
        assertThat(Files.readString(data.resolve("api-key"))).startsWith("sha256:").doesNotContain("legacy");
        assertThat(ApiKeys.load(null, data).accepts("Bearer sbk_legacy-key")).isTrue();
    }

    @Test
    void configured_keys_may_be_given_as_their_hash() {
        // sha256("k1")
        ApiKeys keys = ApiKeys.of(List.of("sha256:a8a0d0dd3d7ae1e4a4b0af3b5fc6a9e0e88f2c0d8eaa0d9b7f96d98e2d3a13f5", "k2"));
        String hashOfK1 = "sha256:" + java.util.HexFormat.of().formatHex(sha256("k1"));

        assertThat(ApiKeys.of(List.of(hashOfK1)).accepts("Bearer k1")).isTrue();
        assertThat(keys.accepts("Bearer k2")).isTrue();
        assertThat(keys.accepts("Bearer " + hashOfK1)).isFalse();
        assertThat(keys.accepts("Basic k2")).isFalse();
        assertThat(keys.accepts(null)).isFalse();
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String capturingStdout(Runnable r) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
