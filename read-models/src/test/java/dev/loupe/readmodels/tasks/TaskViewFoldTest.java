package dev.loupe.readmodels.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.readmodels.tasks.TaskView.TaskObject;
import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.ClassGroup.ObjectClass;
import dev.loupe.task.DetectedObject;
import dev.loupe.task.ModelRef;
import dev.loupe.task.QualityPolicy;
import dev.loupe.task.SessionCommand;
import dev.loupe.task.Task;
import dev.loupe.task.TaskCommand;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.ClassSuggestion;
import dev.loupe.task.TaskEvent.TagReading;
import dev.loupe.task.TaskEventCodec;
import dev.loupe.task.TaskEventTypes;
import dev.loupe.task.TaskRejected;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import dev.loupe.task.TaskTypes;
import dev.loupe.task.UnusableReason;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The tasks view and the write side share one fold: over any valid history — made by the domain's own
 * {@code decide} from random commands — the view, stored and read back as Elasticsearch would, shows the task's
 * state as {@link Task#evolve} folds it, after every event. The histories reach every status.
 */
class TaskViewFoldTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TaskEventCodec CODEC = new TaskEventCodec(JSON);
  private static final ClassGroup GROUP =
      new ClassGroup("shelf", List.of(new ObjectClass("cola", "Cola"), new ObjectClass("water", "Water")));
  private static final ModelRef DETECTOR = new ModelRef("shelf_detector", "1");
  private static final ModelRef RECOGNIZER = new ModelRef("text_recognition", "1");
  private static final ModelRef CLASSIFIER = new ModelRef("classifier-drinks", "1");
  /** Commands 0 to 21 of {@link #command}, each as often as a history tries it: ending a task rarely. */
  private static final int[] TRIED = IntStream.rangeClosed(0, 21)
      .flatMap(kind -> IntStream.generate(() -> kind).limit(kind == 14 || kind == 17 || kind == 20 ? 1 : 3))
      .toArray();

  private final TaskViewProjection projection = new TaskViewProjection(JSON);

  @Property
  void shouldShowTheDomainStatesStatusObjectsConfidencesSuggestionsOperatorResultRejectionModelRunAndIncidentAfterEveryEvent(
      @ForAll boolean readsTags,
      @ForAll @Size(max = 80) List<@IntRange(min = 0, max = 20 * 50) Integer> picks) throws Exception {
    TaskState state = TaskState.initial("t");
    TaskView view = null;
    List<TaskEvent> history = new ArrayList<>(Task.decide(new TaskCommand.CreateTask("t",
        readsTags ? TaskTypes.PRICE_TAG_READING : TaskTypes.PRODUCT_DETECTION, GROUP,
        List.of(URI.create("http://img/0.png"), URI.create("http://img/1.png")), URI.create("http://cb"), "acme"),
        state));
    Set<TaskStatus> reached = EnumSet.noneOf(TaskStatus.class);
    for (int pick : picks) {
      for (TaskEvent event : history) {
        state = Task.evolve(state, event, state.version() + 1);
        view = stored(projection.apply(view, message(event, state.version())));
        assertShowsTheDomainState(view, state);
        reached.add(state.status());
      }
      history = decided(command(TRIED[pick % TRIED.length], pick / TRIED.length, state), state);
    }
    reached.forEach(status -> Statistics.label("reached").collect(status));
    Statistics.label("reached").coverage(coverage -> EnumSet.complementOf(EnumSet.of(TaskStatus.NONE))
        .forEach(status -> coverage.check(status).count(count -> count > 0)));
  }

  private static void assertShowsTheDomainState(TaskView view, TaskState state) {
    assertThat(view.version()).isEqualTo(state.version());
    assertThat(view.status()).isEqualTo(state.status());
    assertThat(view.objects())
        .extracting(object -> new AnnotatedObject(object.objectId(), object.imageIndex(), object.box(),
            object.classId()))
        .containsExactlyElementsOf(state.objects());
    assertThat(view.objects().stream()
        .filter(object -> object.text() != null)
        .map(object -> new TagReading(object.objectId(), object.text(), object.textConfidence())))
        .containsExactlyInAnyOrderElementsOf(state.readings().stream()
            .filter(reading -> view.objects().stream().map(TaskObject::objectId).toList()
                .contains(reading.objectId()))
            .toList());
    assertThat(view.operatorId()).isEqualTo(state.operatorId());
    assertThat(view.priority()).isEqualTo(state.priority());
    assertThat(view.result()).isEqualTo(state.generated());
    assertThat(view.rejection()).isEqualTo(state.rejection());
    assertThat(view.clientId()).isEqualTo(state.clientId());
    assertThat(view.model()).isEqualTo(state.model());
    assertThat(view.recipe()).isEqualTo(state.recipe());
    assertThat(view.incident()).isEqualTo(state.incident());
    assertThat(view.objects()).allSatisfy(object -> assertThat(object.confidence()).isEqualTo(state.detected().stream()
        .filter(detected -> detected.objectId().equals(object.objectId()))
        .map(DetectedObject::confidence)
        .findFirst()
        .orElse(null)));
    assertThat(view.objects()).allSatisfy(object -> assertThat(
        Arrays.asList(object.suggestedClassId(), object.suggestedConfidence()))
        .isEqualTo(state.detected().stream()
            .filter(detected -> detected.objectId().equals(object.objectId()))
            .map(detected -> Arrays.<Object>asList(detected.suggestedClassId(), detected.suggestedConfidence()))
            .findFirst()
            .orElse(Arrays.asList(null, null))));
  }

  /** The events the task's state allows for the command; none for a command it refuses. */
  private static List<TaskEvent> decided(TaskCommand command, TaskState state) {
    try {
      return Task.decide(command, state);
    } catch (TaskRejected refused) {
      return List.of();
    }
  }

  private static TaskCommand command(int kind, int detail, TaskState state) {
    List<AnnotatedObject> objects = state.objects();
    String someObject = objects.isEmpty() ? "none" : objects.get(detail % objects.size()).objectId();
    return switch (kind) {
      case 0 -> new TaskCommand.ResolveModel(detail % 2 == 0 ? DETECTOR : null);
      case 1 -> new TaskCommand.MarkModelNotServed();
      case 2 -> new TaskCommand.RecordDetection(detected(detail, state.version()));
      case 3 -> new TaskCommand.DecideQualityCheck(new QualityPolicy(detail % 2, 0.5), 0.8);
      case 4 -> new TaskCommand.RequestAssistance(
          detail % 2 == 0 ? AssistanceReason.MODEL_NOT_FOUND : AssistanceReason.QUALITY_CHECK);
      case 5 -> new TaskCommand.ClaimTask("operator-" + detail % 3, "s-" + state.version());
      case 6 -> new TaskCommand.FinishOperatorSession(String.valueOf(state.sessionId()),
          session(detail, someObject));
      case 7 -> new TaskCommand.EscalateTask();
      case 8 -> new TaskCommand.ReleaseIdleClaim(Instant.EPOCH, Instant.EPOCH.plus(Duration.ofHours(2)),
          Duration.ofHours(1));
      case 9 -> new TaskCommand.ReadTags(RECOGNIZER, state.unread().stream()
          .map(object -> new TagReading(object.objectId(), "%d.99".formatted(detail), (detail % 10) / 10.0))
          .toList());
      case 10 -> new TaskCommand.EvaluateAutomaticResult(0.5);
      case 11 -> new TaskCommand.GenerateResult();
      case 12 -> new TaskCommand.ReportResult(200);
      case 13 -> new TaskCommand.RecordDeliveryFailure(5, "503 Service Unavailable");
      case 14 -> new TaskCommand.RejectImage(detail % 2, "answered HTTP 404");
      case 15 -> new TaskCommand.ReprocessTask("again");
      case 16 -> new TaskCommand.ResendToOperator("check again");
      case 18 -> new TaskCommand.RecordRecipeRun(state.type(), detail % 3 + 1, detail, "TaskCreatedStartEvent");
      case 19 -> new TaskCommand.RaiseIncident("loupe.job", "Element" + detail % 2, detail % 2, "failed " + detail);
      case 20 -> new TaskCommand.DeclareImageUnusable(String.valueOf(state.sessionId()), detail % 2,
          UnusableReason.values()[detail % UnusableReason.values().length], "note " + detail);
      case 21 -> new TaskCommand.SuggestClasses(CLASSIFIER, state.detected().stream()
          .map(object -> new ClassSuggestion(object.objectId(), detail % 2 == 0 ? "cola" : "water",
              (detail % 10) / 10.0))
          .toList());
      default -> new TaskCommand.CancelTask("not needed");
    };
  }

  private static List<DetectedObject> detected(int detail, long version) {
    List<DetectedObject> found = new ArrayList<>();
    for (int i = 0; i < detail % 4; i++) {
      found.add(new DetectedObject("d%d-%d".formatted(version, i), i % 2, new Box(10 * i, 5, 8, 8),
          i % 2 == 0 ? "cola" : "water", (detail % 10) / 10.0));
    }
    return found;
  }

  /** Up to three steps of an operator's session, on a new object and on an existing one. */
  private static List<SessionCommand> session(int detail, String existing) {
    List<SessionCommand> steps = new ArrayList<>();
    for (int i = 0; i < detail % 4; i++) {
      steps.add(switch ((detail / 4 + i) % 6) {
        case 0 -> new SessionCommand.AddObject("n" + i, 0, new Box(i, i, 4, 4), "cola");
        case 1 -> new SessionCommand.MoveObject(existing, new Box(30 + i, 30, 6, 6));
        case 2 -> new SessionCommand.RelabelObject(existing, "water");
        case 3 -> new SessionCommand.RemoveObject(existing);
        case 4 -> new SessionCommand.ReadObject(existing, "2.49");
        default -> new SessionCommand.ReadObject("n" + i, "0.99");
      });
    }
    return steps;
  }

  /** The event as the relay publishes it. */
  private static JournalMessage message(TaskEvent event, long version) throws Exception {
    TaskEventTypes.StoredType type = TaskEventTypes.of(event);
    String time = Instant.EPOCH.plusSeconds(version).toString();
    return new JournalMessage("e-" + version, "task-t", version, type.name(), type.schemaVersion(), time, time,
        JSON.readTree(CODEC.encode(event)));
  }

  /** The view as the projector reads it back from Elasticsearch. */
  private static TaskView stored(TaskView view) throws Exception {
    return JSON.readValue(JSON.writeValueAsString(view), TaskView.class);
  }
}
