package dev.switchboard.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorsFileTest {

    @Test
    void cells_a_spreadsheet_would_run_as_formulas_get_a_leading_apostrophe() {
        assertThat(ErrorsFile.neutralise("=1+2")).isEqualTo("'=1+2");
        assertThat(ErrorsFile.neutralise("+14155550100")).isEqualTo("'+14155550100");
        assertThat(ErrorsFile.neutralise("-2")).isEqualTo("'-2");
        assertThat(ErrorsFile.neutralise("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(ErrorsFile.neutralise("\t=cmd")).isEqualTo("'\t=cmd");
        assertThat(ErrorsFile.neutralise("\r=cmd")).isEqualTo("'\r=cmd");
    }

    @Test
    void other_cells_are_left_as_they_are() {
        assertThat(ErrorsFile.neutralise("hello = world")).isEqualTo("hello = world");
        assertThat(ErrorsFile.neutralise("'quoted")).isEqualTo("'quoted");
        assertThat(ErrorsFile.neutralise("")).isEmpty();
        assertThat(ErrorsFile.neutralise(null)).isNull();
    }

    @Test
    void writes_a_header_then_each_refused_row_neutralised_and_is_not_created_without_one(@TempDir Path dir)
            throws Exception {
        Path path = dir.resolve("failed").resolve("x.csv.errors.csv");
        try (ErrorsFile none = new ErrorsFile(path, List.of("to", "body"))) {
            assertThat(none.rows()).isZero();
        }
        assertThat(path).doesNotExist();

        try (ErrorsFile errors = new ErrorsFile(path, List.of("to", "=body"))) {
            errors.add(2, "invalid_to", "'to' is bad, really", List.of("=cmd()", "hi, \"you\""));
        }

        assertThat(Inbox.csv(path)).containsExactly(
                List.of("row", "error_code", "error_reason", "to", "'=body"),
                List.of("2", "invalid_to", "'to' is bad, really", "'=cmd()", "hi, \"you\""));
    }
}
