package dev.loupe.submission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Texts a client or a person chose go into the task CSV inert: a spreadsheet never takes one for a formula. */
class TasksCsvTextTest {

  @Test
  void shouldQuoteATextThatASpreadsheetWouldTakeForAFormula() {
    assertThat(TasksCsvController.Row.text("=HYPERLINK(\"http://127.0.0.1/x\")")).isEqualTo("'=HYPERLINK(\"http://127.0.0.1/x\")");
    assertThat(TasksCsvController.Row.text("+1")).isEqualTo("'+1");
    assertThat(TasksCsvController.Row.text("-2")).isEqualTo("'-2");
    assertThat(TasksCsvController.Row.text("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(TasksCsvController.Row.text("\tx")).isEqualTo("'\tx");
  }

  @Test
  void shouldLeaveOtherTextsAsTheyAre() {
    assertThat(TasksCsvController.Row.text("shelf=a")).isEqualTo("shelf=a");
    assertThat(TasksCsvController.Row.text("")).isEmpty();
    assertThat(TasksCsvController.Row.text(null)).isNull();
  }
}
