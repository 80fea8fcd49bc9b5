package dev.loupe.readmodels.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.JournalMessage;
import org.junit.jupiter.api.Test;

class TaskViewProjectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldFoldATaskThroughAnEscalatedReleasedAndReclaimedOperatorStep() throws Exception {
    TaskView view = TaskViewProjection.apply(null, event(0, "TaskCreated", """
        {"taskId":"t","type":"product-detection","classGroup":{"key":"k","classes":[]},
         "images":["http://img/1.jpg"],"callbackUrl":"http://cb"}"""));
    view = TaskViewProjection.apply(view, event(1, "DetectionRequested", "{}"));
    view = TaskViewProjection.apply(view, event(2, "AssistanceRequested", "{\"reason\":\"MODEL_NOT_FOUND\"}"));
    view = TaskViewProjection.apply(view, event(3, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s\"}"));
    view = TaskViewProjection.apply(view, event(4, "TaskEscalated", "{\"priority\":1}"));
    view = TaskViewProjection.apply(view, event(5, "OperatorReleased", "{\"operatorId\":\"ayse\"}"));

    assertThat(view.status()).isEqualTo("WAITING_FOR_OPERATOR");
    assertThat(view.operatorId()).isNull();
    assertThat(view.priority()).isEqualTo(1);
    assertThat(view.version()).isEqualTo(5);
    assertThat(view.assistanceReason()).isEqualTo("MODEL_NOT_FOUND");
    assertThat(view.classGroup().path("key").asText()).isEqualTo("k");
  }

  @Test
  void shouldKeepTheTaskObjectsAsOperatorsChangeTheModelsOnes() throws Exception {
    TaskView view = TaskViewProjection.apply(null, event(0, "TaskCreated", """
        {"type":"t","classGroup":{"key":"k"},"images":[]}"""));
    view = TaskViewProjection.apply(view, event(1, "ObjectsDetected", """
        {"objects":[{"objectId":"a","imageIndex":0,"box":{"x":1,"y":1,"w":5,"h":5},"classId":"cola","confidence":0.9},
                    {"objectId":"b","imageIndex":0,"box":{"x":9,"y":9,"w":5,"h":5},"classId":"cola","confidence":0.4}]}"""));
    view = TaskViewProjection.apply(view, event(2, "ObjectsRemoved", "{\"objectIds\":[\"b\"]}"));
    view = TaskViewProjection.apply(view, event(3, "ObjectsMoved",
        "{\"moves\":[{\"objectId\":\"a\",\"box\":{\"x\":2,\"y\":2,\"w\":6,\"h\":6}}]}"));
    view = TaskViewProjection.apply(view, event(4, "ObjectsLabeled", "{\"labels\":[{\"objectId\":\"a\",\"classId\":\"water\"}]}"));
    view = TaskViewProjection.apply(view, event(5, "ObjectsAdded",
        "{\"objects\":[{\"objectId\":\"s-c\",\"imageIndex\":0,\"box\":{\"x\":3,\"y\":3,\"w\":4,\"h\":4},\"classId\":\"cola\"}]}"));

    assertThat(view.objects().findValuesAsText("objectId")).containsExactly("a", "s-c");
    assertThat(view.objects().get(0).path("classId").asText()).isEqualTo("water");
    assertThat(view.objects().get(0).path("box").path("w").asInt()).isEqualTo(6);
    assertThat(view.objects().get(0).has("confidence")).isFalse();
  }

  @Test
  void shouldKeepARejectedTaskRejectedOnceReportedAndRememberItsClient() throws Exception {
    TaskView view = TaskViewProjection.apply(null, event(0, "TaskCreated", """
        {"type":"t","classGroup":{"key":"k"},"images":["http://img/0.png"],"clientId":"acme"}"""));
    view = TaskViewProjection.apply(view, event(1, "DetectionRequested", "{}"));
    view = TaskViewProjection.apply(view, event(2, "ImageRejected",
        "{\"imageIndex\":0,\"image\":\"http://img/0.png\",\"problem\":\"answered HTTP 404\"}"));
    view = TaskViewProjection.apply(view, event(3, "CallbackDeliveryFailed", "{}"));
    view = TaskViewProjection.apply(view, event(4, "TaskReported", "{}"));

    assertThat(view.status()).isEqualTo("REJECTED");
    assertThat(view.rejection().path("problem").asText()).isEqualTo("answered HTTP 404");
    assertThat(view.clientId()).isEqualTo("acme");
    assertThat(TaskViewProjection.apply(view, event(5, "TaskReprocessRequested", "{}")).rejection()).isNull();
  }

  @Test
  void shouldShowEachTagsCurrentReadingOnItsObject() throws Exception {
    TaskView view = TaskViewProjection.apply(null, event(0, "TaskCreated", """
        {"type":"price-tag-reading","classGroup":{"key":"k"},"images":[]}"""));
    view = TaskViewProjection.apply(view, event(1, "ObjectsDetected", """
        {"objects":[{"objectId":"a","imageIndex":0,"box":{"x":1,"y":1,"w":5,"h":5},"classId":"tag","confidence":0.9},
                    {"objectId":"b","imageIndex":0,"box":{"x":9,"y":9,"w":5,"h":5},"classId":"tag","confidence":0.8}]}"""));
    view = TaskViewProjection.apply(view, event(2, "TagsRead", """
        {"readings":[{"objectId":"a","text":"1.99","confidence":0.95},{"objectId":"b","text":"2.4g","confidence":0.4}]}"""));
    view = TaskViewProjection.apply(view, event(3, "TagsCorrected",
        "{\"corrections\":[{\"objectId\":\"b\",\"text\":\"2.49\",\"previousText\":\"2.4g\"}]}"));
    view = TaskViewProjection.apply(view, event(4, "ObjectsMoved",
        "{\"moves\":[{\"objectId\":\"a\",\"box\":{\"x\":2,\"y\":2,\"w\":6,\"h\":6}}]}"));

    assertThat(view.objects().get(0).has("text")).as("a moved tag waits for a new reading").isFalse();
    assertThat(view.objects().get(1).path("text").asText()).isEqualTo("2.49");
    assertThat(view.objects().get(1).path("textConfidence").asDouble()).isEqualTo(1.0);
  }

  @Test
  void shouldOnlyMoveTheVersionOnForAKnownEventTheViewDoesNotShow() throws Exception {
    TaskView created = TaskViewProjection.apply(null, event(0, "TaskCreated", """
        {"type":"t","classGroup":{"key":"k"},"images":[]}"""));

    TaskView next = TaskViewProjection.apply(created, event(1, "QualityCheckDecided", "{}"));

    assertThat(next.status()).isEqualTo("CREATED");
    assertThat(next.version()).isEqualTo(1);
  }

  @Test
  void shouldRefuseAnEventTypeItDoesNotKnow() throws Exception {
    TaskView created = TaskViewProjection.apply(null, event(0, "TaskCreated", """
        {"type":"t","classGroup":{"key":"k"},"images":[]}"""));

    assertThatThrownBy(() -> TaskViewProjection.apply(created, event(1, "SomethingNew", "{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SomethingNew");
  }

  @Test
  void shouldRefuseASecondTaskCreated() throws Exception {
    TaskView created = TaskViewProjection.apply(null, event(0, "TaskCreated", """
        {"type":"t","classGroup":{"key":"k"},"images":[]}"""));

    assertThatThrownBy(() -> TaskViewProjection.apply(created, event(1, "TaskCreated", "{}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseAStreamThatDoesNotStartWithTaskCreated() {
    assertThatThrownBy(() -> TaskViewProjection.apply(null, event(0, "OperatorAssigned", "{}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static JournalMessage event(long version, String type, String payload) throws Exception {
    JsonNode node = JSON.readTree(payload);
    return new JournalMessage("e-" + version, "task-t", version, type, 1, "2026-11-22T10:00:0" + version + "Z",
        "2026-11-22T10:00:0" + version + "Z", node);
  }
}
