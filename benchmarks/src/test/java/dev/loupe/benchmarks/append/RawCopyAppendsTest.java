package dev.loupe.benchmarks.append;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RawCopyAppendsTest {

  @Test
  void shouldEscapeWhatCopysTextFormatGivesAMeaningTo() {
    assertThat(RawCopyAppends.escaped("a\\b\tc\nd\re")).isEqualTo("a\\\\b\\tc\\nd\\re");
    assertThat(RawCopyAppends.escaped(null)).isEqualTo("\\N");
  }

  @Test
  void shouldWriteOneTabSeparatedLinePerRowInTheColumnsOrder() {
    // given
    UUID id = UUID.fromString("00000000-0000-0000-0000-000000000001");
    RawRows rows = new RawRows(List.of(new RawRows.Row(id, "task-1", 0, "TaskSubmitted", 1,
        Instant.parse("2025-06-01T10:15:00Z"), "corr", null, "client:x", "{\"a\":\"b\\\\c\"}")));

    // when
    String text = RawCopyAppends.copyText(rows);

    // then
    assertThat(text).isEqualTo(
        "00000000-0000-0000-0000-000000000001\ttask-1\t0\tTaskSubmitted\t1\t2025-06-01T10:15:00Z\tcorr\t\\N\tclient:x\t"
            + "{\"a\":\"b\\\\\\\\c\"}\n");
  }

  @Test
  void shouldInsertAsManyRowsAsAreGivenInOneStatement() {
    assertThat(RawInsertAppends.insertOf(2)).isEqualTo("INSERT INTO raw_event (" + RawRows.COLUMNS + ") VALUES "
        + "(?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb)), (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))");
  }
}
