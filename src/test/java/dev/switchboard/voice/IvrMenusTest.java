package dev.switchboard.voice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class IvrMenusTest {

    private static final String GOOD = """
            menus:
              main:
                prompt:
                  say: Press 1.
                options:
                  - digit: "1"
                    goto: other
              other:
                prompt:
                  say: Other.
                options:
                  - digit: "1"
                    hangup: true
            """;

    @Test
    void the_sample_menus_in_the_repository_are_valid() {
        IvrMenus menus = IvrMenus.fromDirectory(Path.of("ivr"), false);

        assertThat(menus.names()).contains("main", "support");
        assertThat(menus.menu("main").orElseThrow().options()).hasSize(5);
    }

    @Test
    void an_unknown_goto_target_names_the_file_and_line() {
        String yaml = GOOD.replace("goto: other", "goto: othr");

        assertThatThrownBy(() -> IvrMenus.fromTexts(Map.of("ivr/a.yaml", yaml)))
                .isInstanceOf(IvrConfigException.class)
                .hasMessageContaining("ivr/a.yaml line 6")
                .hasMessageContaining("unknown menu 'othr'");
    }

    @Test
    void an_empty_prompt_names_the_file_and_line() {
        String yaml = GOOD.replace("      say: Other.", "      say: \"  \"");

        assertThatThrownBy(() -> IvrMenus.fromTexts(Map.of("ivr/b.yaml", yaml)))
                .hasMessageContaining("ivr/b.yaml line 10")
                .hasMessageContaining("menu 'other' has an empty prompt");
    }

    @Test
    void a_duplicate_digit_names_the_file_and_both_lines() {
        String yaml = GOOD.replace("""
                      - digit: "1"
                        goto: other
                """, """
                      - digit: "1"
                        goto: other
                      - digit: "1"
                        hangup: true
                """);

        assertThatThrownBy(() -> IvrMenus.fromTexts(Map.of("ivr/c.yaml", yaml)))
                .hasMessageContaining("ivr/c.yaml line 8")
                .hasMessageContaining("uses digit '1' twice (first at line 6)");
    }

    @Test
    void unknown_keys_and_a_menu_defined_in_two_files_are_refused() {
        assertThatThrownBy(() -> IvrMenus.fromTexts(Map.of("ivr/d.yaml", GOOD.replace("say: Press 1.", "sya: Press 1."))))
                .hasMessageContaining("ivr/d.yaml line 4").hasMessageContaining("unknown key 'sya'");
        assertThatThrownBy(() -> IvrMenus.fromTexts(Map.of("ivr/e.yaml", GOOD, "ivr/f.yaml", GOOD)))
                .hasMessageContaining("defined twice");
    }

    @Test
    void an_edited_file_is_reloaded_and_a_broken_edit_keeps_the_previous_menus(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("menus.yaml");
        Files.writeString(file, GOOD);
        IvrMenus menus = IvrMenus.fromDirectory(dir, true);
        assertThat(menus.menu("main").orElseThrow().prompt().say()).isEqualTo("Press 1.");

        write(file, GOOD.replace("Press 1.", "Press one."), 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> menus.menu("main").orElseThrow().prompt().say(),
                "Press one."::equals);

        write(file, GOOD.replace("goto: other", "goto: nowhere"), 2);
        Path marker = dir.resolve("added.yaml");
        write(marker, "menus:\n  extra:\n    prompt:\n      say: Extra.\n", 3);
        String refusal = await().atMost(Duration.ofSeconds(5)).until(menus::refusal, Optional::isPresent).orElseThrow();
        assertThat(refusal).contains("nowhere");
        assertThat(menus.menu("main").orElseThrow().prompt().say()).isEqualTo("Press one.");
        assertThat(menus.menu("extra")).isEmpty();
    }

    /** Writes with a distinct modification time, so a change within one clock tick is still seen. */
    private static void write(Path file, String text, int seconds) throws IOException {
        Files.writeString(file, text);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(seconds)));
    }
}
