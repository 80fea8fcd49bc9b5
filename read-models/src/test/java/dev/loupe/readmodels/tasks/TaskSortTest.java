package dev.loupe.readmodels.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskSortTest {

  @Test
  void shouldReadAFieldWithOrWithoutItsOrder() {
    assertThat(TaskSort.parse("finishedAt,desc")).isEqualTo(new TaskSort(TaskSort.Field.FINISHED_AT, true));
    assertThat(TaskSort.parse("priority,ASC")).isEqualTo(new TaskSort(TaskSort.Field.PRIORITY, false));
    assertThat(TaskSort.parse("status")).isEqualTo(new TaskSort(TaskSort.Field.STATUS, false));
    assertThat(TaskSort.parse(TaskSort.NEWEST_FIRST.text())).isEqualTo(TaskSort.NEWEST_FIRST);
  }

  @Test
  void shouldRefuseAnUnknownFieldOrOrderSayingWhatThereIs() {
    assertThatThrownBy(() -> TaskSort.parse("clientId"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("createdAt");
    assertThatThrownBy(() -> TaskSort.parse("createdAt,sideways"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asc or desc");
    assertThatThrownBy(() -> TaskSort.parse("createdAt,asc,desc")).isInstanceOf(IllegalArgumentException.class);
  }
}
