package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.recipes.RecipeStarter;
import dev.loupe.recovery.RecipeRecovery;
import dev.loupe.recovery.StalledRecipeStarts;
import dev.loupe.submission.TaskSubmissions;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.DetectedObject;
import dev.loupe.task.ModelRef;
import dev.loupe.task.QualityPolicy;
import dev.loupe.task.TaskCommand.ClaimTask;
import dev.loupe.task.TaskCommand.CreateTask;
import dev.loupe.task.TaskCommand.DeclareImageUnusable;
import dev.loupe.task.TaskCommand.DecideQualityCheck;
import dev.loupe.task.TaskCommand.FinishOperatorSession;
import dev.loupe.task.TaskCommand.ReadTags;
import dev.loupe.task.TaskCommand.RecordDetection;
import dev.loupe.task.TaskCommand.RequestAssistance;
import dev.loupe.task.TaskCommand.ResolveModel;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.TagReading;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskStatus;
import dev.loupe.task.UnusableReason;
import java.net.URI;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

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
  @Autowired private StalledRecipeStarts stalledStarts;
  @Autowired private DataSource dataSource;
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
    String session = json.readTree(post("/api/v1/inbox/" + waiting + "/claim", null))
        .path("sessionId").asText();
    post("/api/v1/sessions/" + session + "/finish", "{\"objects\":[]}");
    await().atMost(PATIENCE).until(() -> tasks.load(waiting).status() == TaskStatus.RESULT_GENERATED
        || tasks.load(waiting).status() == TaskStatus.DONE);
    List<String> types = tasks.history(created).stream().map(event -> event.type()).toList();
    assertThat(types).containsExactly("TaskCreated", "RecipeRunStarted", "DetectionRequested", "ModelNotFound",
            "AssistanceRequested");
    JsonNode waitingEvents = json.readTree(http.getForObject("/api/v1/tasks/" + waiting + "/events", String.class));
    assertThat(waitingEvents.findValuesAsText("type")).containsSubsequence("AssistanceRequested", "OperatorAssigned",
        "OperatorFinished", "TaskResultGenerated").doesNotHaveDuplicates();
  }

  @Test
  void shouldStartTheRecipeOfATaskLeftCreatedOnceHoweverOftenItIsSwept() throws Exception {
    // given: a task whose creating request stopped before starting its recipe
    String stalled = journalOnlyTask();

    // when: swept three times, the second before the first instance has moved the task on
    stalledStarts.startStalled(Instant.now().plusSeconds(1));
    stalledStarts.startStalled(Instant.now().plusSeconds(1));
    await().atMost(PATIENCE).until(() -> tasks.load(stalled).status() == TaskStatus.WAITING_FOR_OPERATOR);
    stalledStarts.startStalled(Instant.now().plusSeconds(1));

    // then: one run of the recipe
    await().pollDelay(Duration.ofSeconds(2)).atMost(PATIENCE).untilAsserted(() ->
        assertThat(tasks.history(stalled).stream().map(event -> event.type()).toList())
            .containsExactly("TaskCreated", "RecipeRunStarted", "DetectionRequested", "ModelNotFound",
            "AssistanceRequested"));
  }

  @Test
  void shouldLeaveASweepToTheInstanceHoldingTheSweepLockAndSweepOnceItIsReleased() throws Exception {
    // given: a task left CREATED, and another instance's sweep holding the lock on a connection of its own
    String stalled = journalOnlyTask();
    try (Connection otherInstance = dataSource.getConnection()) {
      assertThat(advisory(otherInstance, "pg_try_advisory_lock")).isTrue();

      // when: this instance sweeps
      StalledRecipeStarts.Sweep leftAlone = stalledStarts.startStalled(Instant.now().plusSeconds(1));

      // then: it leaves the sweep to the holder and starts nothing
      assertThat(leftAlone).isEqualTo(new StalledRecipeStarts.Sweep(false, 0));
      assertThat(tasks.load(stalled).status()).isEqualTo(TaskStatus.CREATED);
      assertThat(advisory(otherInstance, "pg_advisory_unlock")).isTrue();
    }

    // when: the lock is free again (the scheduled sweep may hold it a moment; its cutoff leaves this task alone)
    StalledRecipeStarts.Sweep sweep = await().atMost(PATIENCE)
        .until(() -> stalledStarts.startStalled(Instant.now().plusSeconds(1)), StalledRecipeStarts.Sweep::swept);

    // then: the sweep starts the task's recipe
    assertThat(sweep.started()).isPositive();
    await().atMost(PATIENCE).until(() -> tasks.load(stalled).status() == TaskStatus.WAITING_FOR_OPERATOR);
  }

  private static boolean advisory(Connection connection, String function) throws Exception {
    try (var statement = connection.prepareStatement(
        "SELECT " + function + "(hashtextextended('loupe-stalled-recipe-starts', 0))");
        var result = statement.executeQuery()) {
      result.next();
      return result.getBoolean(1);
    }
  }

  @Test
  void shouldStartTheRecipeWhenTheClientRetriesARequestThatStoppedHalfway() throws Exception {
    // given: the request recorded the task, then stopped before starting its recipe
    String key = "halfway-" + UUID.randomUUID();
    String taskId = TaskSubmissions.taskIdFor(null, key);
    tasks.execute(taskId, new CreateTask(taskId, "product-detection", GROUP, List.of(URI.create("http://img/1.jpg")),
        URI.create("http://127.0.0.1:9/callback"), null), "create:" + taskId, "client");

    // when: the client sends the same request again
    ResponseEntity<String> retried = JsonRequests.post(http, "/api/v1/tasks", """
        {"type":"product-detection","classGroup":{"key":"recovered","classes":[{"id":"cola","name":"Cola"}]},
         "images":["http://img/1.jpg"],"callbackUrl":"http://127.0.0.1:9/callback"}""", key);

    // then
    assertThat(retried.getStatusCode()).as(retried.getBody()).isEqualTo(HttpStatus.ACCEPTED);
    await().atMost(PATIENCE).until(() -> tasks.load(taskId).status() == TaskStatus.WAITING_FOR_OPERATOR);
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

  @Test
  void shouldReportAnOperatorsUnusableVerdictTheRestartInterrupted() throws Exception {
    // given: a task an operator declared unusable, in the journal only
    CallbackReceiver client = CallbackReceiver.start();
    String taskId = UUID.randomUUID().toString();
    tasks.execute(taskId, new CreateTask(taskId, "product-detection", GROUP, List.of(URI.create("http://img/1.jpg")),
        URI.create("http://127.0.0.1:" + client.port() + "/callback"), null), "verdict-create-" + taskId, "test");
    tasks.execute(taskId, new ResolveModel(null), "verdict-resolve-" + taskId, "test");
    tasks.execute(taskId, new RequestAssistance(AssistanceReason.MODEL_NOT_FOUND), "verdict-assist-" + taskId, "test");
    tasks.execute(taskId, new ClaimTask("gul", "s-" + taskId), "verdict-claim-" + taskId, "test");
    tasks.execute(taskId, new DeclareImageUnusable("s-" + taskId, 0, UnusableReason.NOT_A_SHELF, null),
        "verdict-" + taskId, "test");

    // when / then: recovery reports the rejection with the reason, and the task ends REJECTED, told
    try (client) {
      assertThat(recipes.elementFor(tasks.load(taskId))).contains("ReportRejectionTask");
      assertThat(recovery.recover(taskId)).isTrue();
      String callback = await().atMost(PATIENCE).until(() -> client.callbackFor(taskId), body -> body != null);
      assertThat(callback).contains("\"status\":\"REJECTED\"").contains("\"reason\":\"NOT_A_SHELF\"");
      await().atMost(PATIENCE).until(() -> tasks.load(taskId).reported());
      assertThat(tasks.load(taskId).status()).isEqualTo(TaskStatus.REJECTED);
      assertThat(recipes.elementFor(tasks.load(taskId))).isEmpty();
    }
  }

  @Test
  void shouldPickUpThePriceTagLoopAtEachOfItsSteps() {
    // given: a price-tag task whose every step is recorded in the journal only
    String taskId = UUID.randomUUID().toString();
    ClassGroup tags = new ClassGroup("recovered-tags", List.of(new ClassGroup.ObjectClass("price-tag", "Price tag")));
    tasks.execute(taskId, new CreateTask(taskId, "price-tag-reading", tags, List.of(URI.create("http://img/1.jpg")),
        URI.create("http://127.0.0.1:9/callback"), null), "loop-create-" + taskId, "test");
    tasks.execute(taskId, new ResolveModel(new ModelRef("text_detection", "1")), "loop-resolve-" + taskId, "test");
    tasks.execute(taskId, new RecordDetection(List.of(new DetectedObject("t1", 0, new Box(1, 2, 30, 10), "price-tag", 0.9))),
        "loop-detect-" + taskId, "test");
    tasks.execute(taskId, new ReadTags(new ModelRef("text_recognition", "1"), List.of(new TagReading("t1", "12.99", 0.6))),
        "loop-read-" + taskId, "test");
    assertThat(recipes.elementFor(tasks.load(taskId))).contains("ReadTagsTask");

    // then: each step recorded sends the recipe on to the next one
    tasks.execute(taskId, new DecideQualityCheck(new QualityPolicy(0, 0.5), 0.8), "loop-decide-" + taskId, "test");
    assertThat(recipes.elementFor(tasks.load(taskId))).contains("RequestReadingCheckTask");
    tasks.execute(taskId, new RequestAssistance(AssistanceReason.QUALITY_CHECK), "loop-assist-" + taskId, "test");
    assertThat(recipes.elementFor(tasks.load(taskId))).contains("OperatorChecksTagsTask");
    tasks.execute(taskId, new ClaimTask("gul", "s-" + taskId), "loop-claim-" + taskId, "test");
    tasks.execute(taskId, new FinishOperatorSession("s-" + taskId, List.of()), "loop-finish-" + taskId, "test");
    assertThat(recipes.elementFor(tasks.load(taskId))).contains("EvaluateCheckTask");

    // and when: the recipe is started there, the check is scored once and the task finishes
    assertThat(recovery.recover(taskId)).isTrue();
    await().atMost(PATIENCE).until(() -> tasks.load(taskId).status() == TaskStatus.RESULT_GENERATED
        || tasks.load(taskId).status() == TaskStatus.DONE);
    assertThat(tasks.history(taskId).stream().map(event -> event.type()).toList())
        .containsSubsequence("OperatorFinished", "AutomaticResultEvaluated", "ReadingsEvaluated", "QualityCheckDecided",
            "TaskResultGenerated")
        .containsOnlyOnce("ReadingsEvaluated", "AutomaticResultEvaluated");
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
