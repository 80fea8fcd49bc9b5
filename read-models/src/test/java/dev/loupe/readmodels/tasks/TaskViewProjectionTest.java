package dev.loupe.readmodels.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.tasks.TaskView.TaskObject;
import dev.loupe.task.Rejection;
import dev.loupe.task.TaskStatus;
import dev.loupe.task.UnusableReason;
import java.net.URI;
import org.junit.jupiter.api.Test;

class TaskViewProjectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CREATED = """
      {"taskId":"t","type":"product-detection","classGroup":{"key":"k","classes":[]},
       "images":["http://img/0.png"],"callbackUrl":"http://cb","clientId":"acme"}""";

  private final TaskViewProjection projection = new TaskViewProjection(JSON);

  @Test
  void shouldFoldATaskThroughAnEscalatedReleasedAndReclaimedOperatorStep() throws Exception {
    TaskView view = projection.apply(null, event(0, "TaskCreated", CREATED));
    view = projection.apply(view, event(1, "DetectionRequested", "{\"classGroupKey\":\"k\"}"));
    view = projection.apply(view, event(2, "AssistanceRequested", "{\"reason\":\"MODEL_NOT_FOUND\"}"));
    view = projection.apply(view, event(3, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s\"}"));
    view = projection.apply(view, event(4, "TaskEscalated", "{\"priority\":1}"));
    view = projection.apply(view, event(5, "OperatorReleased", "{\"operatorId\":\"ayse\",\"sessionId\":\"s\"}"));

    assertThat(view.status()).isEqualTo(TaskStatus.WAITING_FOR_OPERATOR);
    assertThat(view.operatorId()).isNull();
    assertThat(view.priority()).isEqualTo(1);
    assertThat(view.version()).isEqualTo(5);
    assertThat(view.assistanceReason()).isEqualTo("MODEL_NOT_FOUND");
    assertThat(view.classGroup().key()).isEqualTo("k");
    assertThat(view.createdAt()).isEqualTo("2026-11-22T10:00:00Z");
    assertThat(view.updatedAt()).isEqualTo("2026-11-22T10:00:05Z");
  }

  @Test
  void shouldKeepTheTaskObjectsAndTheModelsConfidenceInThemAsOperatorsChangeTheModelsOnes() throws Exception {
    TaskView view = projection.apply(null, event(0, "TaskCreated", CREATED));
    view = projection.apply(view, event(1, "ObjectsDetected", """
        {"objects":[{"objectId":"a","imageIndex":0,"box":{"x":1,"y":1,"w":5,"h":5},"classId":"cola","confidence":0.9},
                    {"objectId":"b","imageIndex":0,"box":{"x":9,"y":9,"w":5,"h":5},"classId":"cola","confidence":0.4}]}"""));
    view = projection.apply(view, event(2, "ObjectsRemoved", "{\"objectIds\":[\"b\"]}"));
    view = projection.apply(view, event(3, "ObjectsMoved",
        "{\"moves\":[{\"objectId\":\"a\",\"box\":{\"x\":2,\"y\":2,\"w\":6,\"h\":6}}]}"));
    view = projection.apply(view, event(4, "ObjectsLabeled", "{\"labels\":[{\"objectId\":\"a\",\"classId\":\"water\"}]}"));
    view = projection.apply(view, event(5, "ObjectsAdded",
        "{\"objects\":[{\"objectId\":\"s-c\",\"imageIndex\":0,\"box\":{\"x\":3,\"y\":3,\"w\":4,\"h\":4},\"classId\":\"cola\"}]}"));

    assertThat(view.objects()).extracting(TaskObject::objectId).containsExactly("a", "s-c");
    assertThat(view.objects().get(0).classId()).isEqualTo("water");
    assertThat(view.objects().get(0).box().w()).isEqualTo(6);
    assertThat(view.objects().get(0).confidence()).as("the model's confidence, kept through a move").isEqualTo(0.9);
    assertThat(JSON.valueToTree(view.objects().get(1)).has("confidence")).as("drawn by an operator").isFalse();
  }

  @Test
  void shouldShowTheModelTheRecipeRunAndWhyTheQualityCheckFlaggedTheTask() throws Exception {
    TaskView view = projection.apply(null, event(0, "TaskCreated", CREATED));
    view = projection.apply(view, event(1, "RecipeRunStarted", """
        {"processId":"product-detection","processVersion":3,"processInstanceKey":2251799813685249,
         "fromElement":"TaskCreatedStartEvent"}"""));
    view = projection.apply(view, event(2, "DetectionRequested",
        "{\"classGroupKey\":\"k\",\"model\":{\"name\":\"shelf_detector\",\"version\":\"2\"}}"));
    view = projection.apply(view, event(3, "ObjectsDetected", """
        {"objects":[{"objectId":"a","imageIndex":0,"box":{"x":1,"y":1,"w":5,"h":5},"classId":"cola","confidence":0.3}]}"""));
    view = projection.apply(view, event(4, "QualityCheckDecided", "{\"required\":true,\"reason\":\"LOW_CONFIDENCE\"}"));

    assertThat(view.model().name()).isEqualTo("shelf_detector");
    assertThat(view.model().version()).isEqualTo("2");
    assertThat(view.recipe().processId()).isEqualTo("product-detection");
    assertThat(view.recipe().processVersion()).isEqualTo(3);
    assertThat(view.recipe().processInstanceKey()).isEqualTo(2251799813685249L);
    assertThat(view.flagReason()).isEqualTo("LOW_CONFIDENCE");
    assertThat(view.objects().getFirst().confidence()).isEqualTo(0.3);
    assertThat(projection.apply(view, event(5, "TaskReprocessRequested", "{}")).flagReason()).isNull();
  }

  @Test
  void shouldShowAnOpenIncidentUntilTheTasksNextEventButThroughAnOperatorStepsTimers() throws Exception {
    TaskView view = projection.apply(null, event(0, "TaskCreated", CREATED));
    view = projection.apply(view, event(1, "DetectionRequested", "{\"classGroupKey\":\"k\"}"));
    view = projection.apply(view, event(2, "AssistanceRequested", "{\"reason\":\"MODEL_NOT_FOUND\"}"));
    view = projection.apply(view, event(3, "IncidentRaised", """
        {"jobType":"loupe.operator-task","elementId":"OperatorAnnotatesTask","jobKey":7,"error":"boom"}"""));
    TaskView escalated = projection.apply(view, event(4, "TaskEscalated", "{\"priority\":1}"));
    TaskView claimed = projection.apply(escalated,
        event(5, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s\"}"));

    assertThat(view.incident().elementId()).isEqualTo("OperatorAnnotatesTask");
    assertThat(view.incident().error()).isEqualTo("boom");
    assertThat(escalated.incident()).as("a timer of the operator step").isNotNull();
    assertThat(claimed.incident()).isNull();
  }

  @Test
  void shouldSayWhenTheRunFinishedAndForgetItWhenANewRunStarts() throws Exception {
    TaskView view = projection.apply(null, event(0, "TaskCreated", CREATED));
    view = projection.apply(view, event(1, "DetectionRequested", "{}"));
    view = projection.apply(view, event(2, "ImageRejected",
        "{\"imageIndex\":0,\"image\":\"http://img/0.png\",\"problem\":\"answered HTTP 404\"}"));
    assertThat(view.finishedAt()).isNull();
    view = projection.apply(view, event(3, "TaskReported", "{\"httpStatus\":204}"));

    assertThat(view.finishedAt()).isEqualTo("2026-11-22T10:00:03Z");
    assertThat(projection.apply(view, event(4, "TaskReprocessRequested", "{}")).finishedAt()).isNull();
    TaskView cancelled = projection.apply(projection.apply(null, event(0, "TaskCreated", CREATED)),
        event(1, "TaskCancelled", "{\"reason\":\"no\"}"));
    assertThat(cancelled.finishedAt()).isEqualTo("2026-11-22T10:00:01Z");
  }

  @Test
  void shouldKeepARejectedTaskRejectedOnceReportedAndRememberItsClient() throws Exception {
    TaskView view = projection.apply(null, event(0, "TaskCreated", CREATED));
    view = projection.apply(view, event(1, "DetectionRequested", "{}"));
    view = projection.apply(view, event(2, "ImageRejected",
        "{\"imageIndex\":0,\"image\":\"http://img/0.png\",\"problem\":\"answered HTTP 404\"}"));
    view = projection.apply(view, event(3, "CallbackDeliveryFailed", "{\"attempts\":5,\"error\":\"503\"}"));
    assertThat(view.status()).isEqualTo(TaskStatus.DELIVERY_FAILED);
    view = projection.apply(view, event(4, "TaskReported", "{\"httpStatus\":204}"));

    assertThat(view.status()).isEqualTo(TaskStatus.REJECTED);
    assertThat(view.rejection().problem()).isEqualTo("answered HTTP 404");
    assertThat(view.clientId()).isEqualTo("acme");
    assertThat(projection.apply(view, event(5, "TaskReprocessRequested", "{}")).rejection()).isNull();
  }

  @Test
  void shouldShowTheOperatorsReasonAndNoteOfATaskRejectedForAnUnusableImage() throws Exception {
    TaskView view = projection.apply(null, event(0, "TaskCreated", CREATED));
    view = projection.apply(view, event(1, "DetectionRequested", "{}"));
    view = projection.apply(view, event(2, "ModelNotFound", "{\"classGroupKey\":\"k\"}"));
    view = projection.apply(view, event(3, "AssistanceRequested", "{\"reason\":\"MODEL_NOT_FOUND\"}"));
    view = projection.apply(view, event(4, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s-1\"}"));
    view = projection.apply(view, event(5, "ImageDeclaredUnusable", """
        {"operatorId":"ayse","sessionId":"s-1","imageIndex":0,"image":"http://img/0.png","reason":"NOT_A_SHELF",
         "note":"a parking lot"}"""));

    assertThat(view.status()).isEqualTo(TaskStatus.REJECTED);
    assertThat(view.rejection()).isEqualTo(new Rejection(0, URI.create("http://img/0.png"), "does not show a shelf",
        UnusableReason.NOT_A_SHELF, "a parking lot"));
    assertThat(view.operatorId()).isEqualTo("ayse");
  }

  @Test
  void shouldShowTheGeneratedResultWhileAnOperatorChecksADoneTaskAgain() throws Exception {
    TaskView view = projection.apply(null, event(0, "TaskCreated", CREATED));
    view = projection.apply(view, event(1, "ObjectsDetected", """
        {"objects":[{"objectId":"a","imageIndex":0,"box":{"x":1,"y":1,"w":5,"h":5},"classId":"cola","confidence":0.9}]}"""));
    view = projection.apply(view, event(2, "TaskResultGenerated", """
        {"objects":[{"objectId":"a","imageIndex":0,"box":{"x":1,"y":1,"w":5,"h":5},"classId":"cola"}],"readings":[]}"""));
    view = projection.apply(view, event(3, "TaskReported", "{\"httpStatus\":200}"));
    assertThat(view.status()).isEqualTo(TaskStatus.DONE);
    view = projection.apply(view, event(4, "TaskResentToOperator", "{\"reason\":\"wrong shelf\"}"));
    view = projection.apply(view, event(5, "OperatorAssigned", "{\"operatorId\":\"bora\",\"sessionId\":\"s-2\"}"));
    view = projection.apply(view, event(6, "ObjectsRemoved", "{\"sessionId\":\"s-2\",\"objectIds\":[\"a\"]}"));

    assertThat(view.status()).isEqualTo(TaskStatus.IN_PROGRESS);
    assertThat(view.assistanceReason()).isEqualTo("RESENT");
    assertThat(view.objects()).isEmpty();
    assertThat(view.result().objects()).extracting("objectId").containsExactly("a");
  }

  @Test
  void shouldShowEachTagsCurrentReadingOnItsObject() throws Exception {
    TaskView view = projection.apply(null, event(0, "TaskCreated", CREATED));
    view = projection.apply(view, event(1, "ObjectsDetected", """
        {"objects":[{"objectId":"a","imageIndex":0,"box":{"x":1,"y":1,"w":5,"h":5},"classId":"tag","confidence":0.9},
                    {"objectId":"b","imageIndex":0,"box":{"x":9,"y":9,"w":5,"h":5},"classId":"tag","confidence":0.8}]}"""));
    view = projection.apply(view, event(2, "TagsRead", """
        {"readings":[{"objectId":"a","text":"1.99","confidence":0.95},{"objectId":"b","text":"2.4g","confidence":0.4}]}"""));
    view = projection.apply(view, event(3, "TagsCorrected",
        "{\"corrections\":[{\"objectId\":\"b\",\"text\":\"2.49\",\"previousText\":\"2.4g\"}]}"));
    view = projection.apply(view, event(4, "ObjectsMoved",
        "{\"moves\":[{\"objectId\":\"a\",\"box\":{\"x\":2,\"y\":2,\"w\":6,\"h\":6}}]}"));

    assertThat(view.objects().get(0).text()).as("a moved tag waits for a new reading").isNull();
    assertThat(JSON.valueToTree(view.objects().get(0)).has("text")).isFalse();
    assertThat(view.objects().get(1).text()).isEqualTo("2.49");
    assertThat(view.objects().get(1).textConfidence()).isEqualTo(1.0);
  }

  @Test
  void shouldOnlyMoveTheVersionOnForAKnownEventTheViewDoesNotShow() throws Exception {
    TaskView created = projection.apply(null, event(0, "TaskCreated", CREATED));

    TaskView next = projection.apply(created, event(1, "QualityCheckDecided", "{\"required\":false}"));

    assertThat(next.status()).isEqualTo(TaskStatus.CREATED);
    assertThat(next.version()).isEqualTo(1);
  }

  @Test
  void shouldReadADocumentWrittenWithoutObjectsAsATaskWithNone() throws Exception {
    JsonNode stored = JSON.readTree("""
        {"id":"t","type":"product-detection","status":"CREATED","classGroup":{"key":"k","classes":[]},
         "images":["http://img/0.png"],"createdAt":"2026-11-22T10:00:00Z","updatedAt":"2026-11-22T10:00:00Z",
         "version":0,"priority":0,"objects":null,"stale":false}""");

    TaskView view = projection.apply(JSON.treeToValue(stored, TaskView.class), event(1, "ObjectsAdded",
        "{\"objects\":[{\"objectId\":\"s-c\",\"imageIndex\":0,\"box\":{\"x\":3,\"y\":3,\"w\":4,\"h\":4},\"classId\":\"cola\"}]}"));

    assertThat(view.objects()).extracting(TaskObject::objectId).containsExactly("s-c");
  }

  @Test
  void shouldRefuseAnEventTypeItDoesNotKnow() throws Exception {
    TaskView created = projection.apply(null, event(0, "TaskCreated", CREATED));

    assertThatThrownBy(() -> projection.apply(created, event(1, "SomethingNew", "{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SomethingNew");
  }

  @Test
  void shouldRefuseASchemaVersionItHasNoUpcasterFor() throws Exception {
    TaskView created = projection.apply(null, event(0, "TaskCreated", CREATED));
    JournalMessage v2 = new JournalMessage("e-1", "task-t", 1, "TaskEscalated", 2, "2026-11-22T10:00:01Z",
        "2026-11-22T10:00:01Z", JSON.readTree("{\"priority\":1}"));

    assertThatThrownBy(() -> projection.apply(created, v2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no upcaster");
  }

  @Test
  void shouldRefuseASecondTaskCreated() throws Exception {
    TaskView created = projection.apply(null, event(0, "TaskCreated", CREATED));

    assertThatThrownBy(() -> projection.apply(created, event(1, "TaskCreated", CREATED)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRefuseAStreamThatDoesNotStartWithTaskCreated() {
    assertThatThrownBy(() -> projection.apply(null, event(0, "OperatorAssigned", "{}")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static JournalMessage event(long version, String type, String payload) throws Exception {
    JsonNode node = JSON.readTree(payload);
    return new JournalMessage("e-" + version, "task-t", version, type, 1, "2026-11-22T10:00:0" + version + "Z",
        "2026-11-22T10:00:0" + version + "Z", node);
  }
}
