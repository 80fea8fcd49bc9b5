package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.recovery.RecipeRecovery;
import dev.loupe.recovery.RecipeStarter;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.TaskCommand.CreateTask;
import dev.loupe.task.TaskCommand.RequestAssistance;
import dev.loupe.task.TaskCommand.ResolveModel;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskStatus;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * Tasks whose process instances the embedded engine lost (a restart, or a crash between the journal append and
 * the instance's start) are started again where their journal says they were, and finish with no duplicate.
 */
@LoupeIntegrationTest
class RecipeRecoveryIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final ClassGroup GROUP = new ClassGroup("recovered", List.of(new ClassGroup.ObjectClass("cola", "Cola")));

  @Autowired private TaskRepository tasks;
  @Autowired private RecipeRecovery recovery;
  @Autowired private RecipeStarter recipes;
  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;

  @Test
  void shouldRestartLostTasksWhereTheirJournalSaysTheyWere() throws Exception {
    // given: two tasks with no process instance, one just created, one waiting for an operator
    String created = journalOnlyTask();
    String waiting = journalOnlyTask();
    tasks.execute(waiting, new ResolveModel(null), "lost-resolve-" + waiting, "test");
    tasks.execute(waiting, new RequestAssistance(AssistanceReason.MODEL_NOT_FOUND), "lost-assist-" + waiting, "test");

    // when
    assertThat(recovery.recover(created)).isTrue();
    assertThat(recovery.recover(waiting)).isTrue();

    // then: the created one reaches the inbox; the waiting one can be claimed and finished
    await().atMost(PATIENCE).until(() -> tasks.load(created).status() == TaskStatus.WAITING_FOR_OPERATOR);
    String session = json.readTree(post("/api/v1/inbox/" + waiting + "/claim", "{\"operatorId\":\"gul\"}"))
        .path("sessionId").asText();
    post("/api/v1/sessions/" + session + "/finish", "{\"objects\":[]}");
    await().atMost(PATIENCE).until(() -> tasks.load(waiting).status() == TaskStatus.RESULT_GENERATED
        || tasks.load(waiting).status() == TaskStatus.DONE);
    List<String> types = tasks.history(created).stream().map(event -> event.type()).toList();
    assertThat(types).containsExactly("TaskCreated", "DetectionRequested", "ModelNotFound", "AssistanceRequested");
    JsonNode waitingEvents = json.readTree(http.getForObject("/api/v1/tasks/" + waiting + "/events", String.class));
    assertThat(waitingEvents.findValuesAsText("type")).containsSubsequence("AssistanceRequested", "OperatorAssigned",
        "OperatorFinished", "TaskResultGenerated").doesNotHaveDuplicates();
  }

  @Test
  void shouldLeaveFinishedTasksAlone() {
    String taskId = journalOnlyTask();
    tasks.execute(taskId, new ResolveModel(null), "done-resolve-" + taskId, "test");

    assertThat(recipes.elementFor(tasks.load(taskId))).contains("RequestAssistanceTask");
    assertThat(recipes.elementFor(dev.loupe.task.TaskState.initial("none"))).isEmpty();
  }

  @Test
  void shouldReportARejectionTheRestartInterrupted() {
    String taskId = journalOnlyTask();
    tasks.execute(taskId, new dev.loupe.task.TaskCommand.RejectImage(0, "answered HTTP 404"), "reject-" + taskId, "test");

    assertThat(recipes.elementFor(tasks.load(taskId))).contains("ReportRejectionTask");
  }

  private String journalOnlyTask() {
    String taskId = UUID.randomUUID().toString();
    tasks.execute(taskId, new CreateTask(taskId, "product-detection", GROUP, List.of(URI.create("http://img/1.jpg")),
        URI.create("http://127.0.0.1:9/callback"), null), "lost-create-" + taskId, "test");
    return taskId;
  }

  private String post(String path, String body) {
    return JsonRequests.post(http, path, body, null).getBody();
  }
}
