package dev.loupe.demand;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEventCodec;
import dev.loupe.task.TaskTypes;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemandSamplerTest {

  @Test
  void shouldCountTheJournalsTaskHeadsByTheFieldTaskCreatedStoresTheTaskTypeIn() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String stored = new TaskEventCodec(json).encode(new TaskCreated("t-1", TaskTypes.PRICE_TAG_READING,
        new ClassGroup("tags", List.of()), List.of(URI.create("https://example.com/1.png")),
        URI.create("https://example.com/callback"), null));

    assertThat(json.readTree(stored).path(DemandSampler.TASK_TYPE_FIELD).asText())
        .isEqualTo(TaskTypes.PRICE_TAG_READING);
  }
}
