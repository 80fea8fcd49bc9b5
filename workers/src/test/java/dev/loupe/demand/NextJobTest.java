package dev.loupe.demand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.recipes.JobTypes;
import dev.loupe.task.TaskEventTypes;
import dev.loupe.task.TaskTypes;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NextJobTest {

  @ParameterizedTest(name = "{0} after {1}: {2}")
  @CsvSource({
      "product-detection, TaskCreated, loupe.resolve-model",
      "product-detection, TaskReprocessRequested, loupe.resolve-model",
      "product-detection, DetectionRequested, loupe.detect-objects",
      "product-detection, ModelNotFound, loupe.request-assistance",
      "product-detection, ObjectsDetected, loupe.decide-quality-check",
      "product-detection, QualityCheckDecided, loupe.generate-result",
      "product-detection, OperatorFinished, loupe.generate-result",
      "product-detection, AutomaticResultEvaluated, loupe.generate-result",
      "product-detection, TaskResultGenerated, loupe.report-result",
      "product-detection, ImageRejected, loupe.report-result",
      "product-detection, ImageDeclaredUnusable, loupe.report-result",
      "price-tag-reading, ImageDeclaredUnusable, loupe.report-result",
      "price-tag-reading, TaskCreated, loupe.resolve-model",
      "price-tag-reading, DetectionRequested, loupe.detect-objects",
      "price-tag-reading, ObjectsDetected, loupe.read-tags",
      "price-tag-reading, TagsRead, loupe.decide-quality-check",
      "price-tag-reading, QualityCheckDecided, loupe.generate-result",
      "price-tag-reading, OperatorFinished, loupe.read-tags",
      "price-tag-reading, ReadingsEvaluated, loupe.read-tags",
      "price-tag-reading, AutomaticResultEvaluated, loupe.read-tags",
      "price-tag-reading, TaskResultGenerated, loupe.report-result",
  })
  void shouldNameTheJobTheRecipeRunsAfterTheEvent(String taskType, String lastEvent, String jobType) {
    assertThat(NextJob.after(taskType, lastEvent)).contains(jobType);
  }

  @ParameterizedTest(name = "after {0}")
  @ValueSource(strings = {"AssistanceRequested", "OperatorAssigned", "OperatorReleased", "TaskEscalated",
      "TaskResentToOperator", "CallbackDeliveryFailed", "TaskReported", "TaskCancelled"})
  void shouldNameNoJobWhileATaskWaitsForPeopleHasFailedDeliveryOrIsFinished(String lastEvent) {
    assertThat(NextJob.after(TaskTypes.PRODUCT_DETECTION, lastEvent)).isEmpty();
    assertThat(NextJob.after(TaskTypes.PRICE_TAG_READING, lastEvent)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {TaskTypes.PRODUCT_DETECTION, TaskTypes.PRICE_TAG_READING})
  void shouldOnlyNameJobsOfLoupesWorkersAfterStoredTaskEvents(String taskType) {
    assertThat(NextJob.EVENTS).allSatisfy(event -> {
      assertThat(TaskEventTypes.named(event).name()).as("a stored task event type").isEqualTo(event);
      Optional<String> job = NextJob.after(taskType, event);
      job.ifPresent(type -> assertThat(NextJob.JOB_TYPES).contains(type).doesNotContain(JobTypes.OPERATOR_TASK));
    });
  }
}
