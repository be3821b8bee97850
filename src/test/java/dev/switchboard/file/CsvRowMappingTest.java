package dev.switchboard.file;

import dev.switchboard.wiring.FileAdapters;

import dev.switchboard.domain.Channel;
import dev.switchboard.domain.Priority;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvRowMappingTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T09:00:00Z"), ZoneOffset.UTC);

    private static CsvRowMapping mapping(String... header) {
        return new CsvRowMapping(List.of(header), CLOCK);
    }

    @Test
    void maps_the_known_columns_in_any_case_and_keeps_the_others_as_tags() {
        Row row = mapping("To", "BODY", "channel", "From", "sendAt", "customer", "region")
                .map(7, List.of(" +1 415 555 0100 ", "Hi there", "whatsapp", "+14155550199",
                        "2030-01-02T10:00:00Z", "C-1", "north"), "derived");

        assertThat(row.number()).isEqualTo(7);
        assertThat(row.code()).isNull();
        assertThat(row.request().to().value()).isEqualTo("+14155550100");
        assertThat(row.request().body()).isEqualTo("Hi there");
        assertThat(row.request().channel()).isEqualTo(Channel.WHATSAPP);
        assertThat(row.request().from()).isEqualTo("+14155550199");
        assertThat(row.request().sendAt()).isEqualTo(Instant.parse("2030-01-02T10:00:00Z"));
        assertThat(row.request().tags()).isEqualTo(Map.of("customer", "C-1", "region", "north"));
        assertThat(row.request().source()).isEqualTo("file");
        assertThat(row.request().idempotencyKey()).isEqualTo("derived");
    }

    @Test
    void a_row_takes_the_inbox_priority_unless_its_priority_cell_says_otherwise() {
        CsvRowMapping bulkInbox = new CsvRowMapping(List.of("to", "body", "priority"), CLOCK, Priority.BULK);

        assertThat(bulkInbox.map(1, List.of("+14155550100", "campaign", ""), "k1").request().priority())
                .isEqualTo(Priority.BULK);
        assertThat(bulkInbox.map(2, List.of("+14155550100", "your code", "transactional"), "k2").request().priority())
                .isEqualTo(Priority.TRANSACTIONAL);
        Row bad = bulkInbox.map(3, List.of("+14155550100", "x", "urgent"), "k3");
        assertThat(bad.code()).isEqualTo("invalid_priority");
        assertThat(bad.reason()).contains("transactional or bulk").contains("urgent");
    }

    @Test
    void empty_cells_are_absent_so_defaults_apply_and_no_empty_tag_is_made() {
        Row row = mapping("to", "body", "channel", "from", "note").map(1, List.of("+14155550100", "Hi", "", " ", ""), "k");

        assertThat(row.request().channel()).isEqualTo(Channel.SMS);
        assertThat(row.request().from()).isNull();
        assertThat(row.request().tags()).isEmpty();
    }

    @Test
    void a_row_with_fewer_values_than_columns_treats_the_missing_ones_as_empty() {
        Row row = mapping("to", "body", "note").map(1, List.of("+14155550100", "Hi"), "k");

        assertThat(row.request()).isNotNull();
        assertThat(row.request().tags()).isEmpty();
    }

    @Test
    void an_idempotency_key_column_wins_over_the_derived_key_and_is_not_a_tag() {
        Row row = mapping("to", "body", "idempotencyKey").map(1, List.of("+14155550100", "Hi", " order-17 "), "derived");

        assertThat(row.request().idempotencyKey()).isEqualTo("order-17");
        assertThat(row.request().tags()).isEmpty();
    }

    @Test
    void refuses_a_row_with_the_api_code_and_reason_and_keeps_its_cells() {
        Row row = mapping("to", "body").map(3, List.of("0415 555 0100", "Hi"), "k");

        assertThat(row.request()).isNull();
        assertThat(row.code()).isEqualTo("invalid_to");
        assertThat(row.reason()).contains("must start with +");
        assertThat(row.cells()).containsExactly("0415 555 0100", "Hi");
    }

    @Test
    void refuses_a_missing_body_an_unknown_channel_and_a_bad_idempotency_key() {
        CsvRowMapping mapping = mapping("to", "body", "channel", "idempotencyKey");

        assertThat(mapping.map(1, List.of("+14155550100", "", "", ""), "k").code()).isEqualTo("missing_body");
        assertThat(mapping.map(2, List.of("+14155550100", "Hi", "pigeon", ""), "k").code()).isEqualTo("invalid_channel");
        assertThat(mapping.map(3, List.of("+14155550100", "Hi", "", "has space"), "k").code())
                .isEqualTo("invalid_idempotency_key");
    }

    @Test
    void a_blank_body_is_called_empty_not_missing() {
        assertThat(mapping("to", "body").map(1, List.of("+14155550100", "   "), "k").code()).isEqualTo("empty_body");
    }

    @Test
    void a_row_with_more_values_than_columns_is_refused_as_a_likely_quoting_mistake() {
        Row row = mapping("to", "body").map(4, List.of("+14155550100", "Hello", " world"), "k");

        assertThat(row.code()).isEqualTo("invalid_row");
        assertThat(row.reason()).contains("3 values").contains("2 columns");
    }

    @Test
    void unnamed_columns_are_ignored() {
        Row row = mapping("to", "body", "").map(1, List.of("+14155550100", "Hi", "stray"), "k");

        assertThat(row.request().tags()).isEmpty();
    }

    @Test
    void a_header_without_to_or_body_or_with_a_known_column_twice_makes_the_file_unreadable() {
        assertThatThrownBy(() -> mapping("+14155550100", "hello")).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("'to'");
        assertThatThrownBy(() -> mapping("to", "text")).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("'body'");
        assertThatThrownBy(() -> mapping("to", "body", "TO")).isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void the_inbox_priority_setting_defaults_to_bulk_and_refuses_anything_else_by_name() {
        assertThat(FileAdapters.inboxPriority(new dev.switchboard.settings.Settings(n -> java.util.Optional.empty())))
                .isEqualTo(Priority.BULK);
        assertThat(FileAdapters.inboxPriority(new dev.switchboard.settings.Settings(
                n -> java.util.Optional.of("transactional").filter(v -> n.equals("switchboard.inbox.priority")))))
                .isEqualTo(Priority.TRANSACTIONAL);
        assertThatThrownBy(() -> FileAdapters.inboxPriority(new dev.switchboard.settings.Settings(
                n -> java.util.Optional.of("urgent").filter(v -> n.equals("switchboard.inbox.priority")))))
                .hasMessageContaining("SWITCHBOARD_INBOX_PRIORITY").hasMessageContaining("'urgent'");
    }
}
