package dev.loupe.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TaskEventTypesTest {

  @Test
  void shouldGiveEveryTaskEventAStableStoredName() {
    for (Class<?> eventClass : TaskEvent.class.getPermittedSubclasses()) {
      TaskEventTypes.StoredType type = TaskEventTypes.named(eventClass.getSimpleName());
      assertThat(type.javaType()).isEqualTo(eventClass);
      assertThat(type.schemaVersion()).isEqualTo(1);
    }
    assertThat(Arrays.stream(TaskEvent.class.getPermittedSubclasses()).count()).isEqualTo(31);
  }

  @Test
  void shouldRejectUnknownStoredName() {
    assertThatThrownBy(() -> TaskEventTypes.named("dev.loupe.task.TaskEvent$TaskCreated"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown task event type");
  }
}
