package dev.loupe.readmodels.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch._types.FieldValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskCursorTest {

  private static final TaskSort BY_PRIORITY = new TaskSort(TaskSort.Field.PRIORITY, true);

  @Test
  void shouldGiveBackTheSortValuesOfTheTaskItContinuesAfter() {
    List<FieldValue> values = List.of(FieldValue.of(3L), FieldValue.of("task-7"));

    String cursor = TaskCursor.after(BY_PRIORITY, values);

    assertThat(TaskCursor.read(cursor, BY_PRIORITY)).extracting(FieldValue::_get)
        .containsExactly(3L, "task-7");
    assertThat(cursor).matches("[A-Za-z0-9_-]+").as("safe in a URL as it is");
  }

  @Test
  void shouldKeepTheValueElasticsearchGivesATaskWithoutTheSortField() {
    TaskSort byFinish = new TaskSort(TaskSort.Field.FINISHED_AT, false);
    List<FieldValue> unfinished = List.of(FieldValue.of(Long.MAX_VALUE), FieldValue.of("task-1"));

    assertThat(TaskCursor.read(TaskCursor.after(byFinish, unfinished), byFinish)).extracting(FieldValue::_get)
        .containsExactly(Long.MAX_VALUE, "task-1");
  }

  @Test
  void shouldRefuseACursorOfAnotherOrder() {
    String cursor = TaskCursor.after(BY_PRIORITY, List.of(FieldValue.of(3L), FieldValue.of("task-7")));

    assertThatThrownBy(() -> TaskCursor.read(cursor, TaskSort.NEWEST_FIRST))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("priority,desc")
        .hasMessageContaining("createdAt,desc");
  }

  @Test
  void shouldRefuseAStringThatIsNoCursorOrHoldsValuesOfTheWrongKind() {
    String notJson = Base64.getUrlEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
    String wrongShape = Base64.getUrlEncoder().encodeToString(
        "{\"sort\":\"priority,desc\",\"after\":[1]}".getBytes(StandardCharsets.UTF_8));
    String wrongTypes = Base64.getUrlEncoder().encodeToString(
        "{\"sort\":\"priority,desc\",\"after\":[\"high\",\"task-1\"]}".getBytes(StandardCharsets.UTF_8));

    for (String bad : List.of("%%%", "", notJson, wrongShape, wrongTypes)) {
      assertThatThrownBy(() -> TaskCursor.read(bad, BY_PRIORITY)).as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not a cursor");
    }
  }
}
