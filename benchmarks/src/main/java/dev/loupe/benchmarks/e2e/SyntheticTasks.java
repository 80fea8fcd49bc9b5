package dev.loupe.benchmarks.e2e;

import dev.loupe.task.AnnotatedObject;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.DetectedObject;
import dev.loupe.task.ModelRef;
import dev.loupe.task.Task;
import dev.loupe.task.TaskEvent;
import dev.loupe.task.TaskEvent.AssistanceReason;
import dev.loupe.task.TaskEvent.AssistanceRequested;
import dev.loupe.task.TaskEvent.AutomaticResultEvaluated;
import dev.loupe.task.TaskEvent.ClassScore;
import dev.loupe.task.TaskEvent.DetectionRequested;
import dev.loupe.task.TaskEvent.ModelNotFound;
import dev.loupe.task.TaskEvent.ObjectMove;
import dev.loupe.task.TaskEvent.ObjectsAdded;
import dev.loupe.task.TaskEvent.ObjectsDetected;
import dev.loupe.task.TaskEvent.ObjectsMoved;
import dev.loupe.task.TaskEvent.OperatorAssigned;
import dev.loupe.task.TaskEvent.OperatorFinished;
import dev.loupe.task.TaskEvent.QualityCheckDecided;
import dev.loupe.task.TaskEvent.TaskCancelled;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskEvent.TaskReported;
import dev.loupe.task.TaskEvent.TaskReprocessRequested;
import dev.loupe.task.TaskEvent.TaskResultGenerated;
import dev.loupe.task.TaskTypes;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The data-volume step's task streams: realistic event sequences of the recipes, made of the domain's own
 * {@link TaskEvent}s, as many as asked, each decided by its index and the seed alone (so any writer can make any
 * stream, and the same seed makes the same journal). The mix of how tasks end ({@link Kind}) is fixed; clients, task
 * types, class groups, models, operators and the creation time (uniform over {@code days} from {@code start}) are
 * drawn per stream.
 */
final class SyntheticTasks {

  /** How a synthetic task's stream goes, and its share of the streams in per cent. */
  enum Kind {
    /** No model for the class group: in the inbox (WAITING_FOR_OPERATOR). */
    WAITING(15),
    /** As WAITING, then claimed: the operator's session is open (IN_PROGRESS). */
    CLAIMED(5),
    /** A model found the objects, confidently; reported without a person (DONE). */
    AUTOMATIC(35),
    /** A model found the objects, an operator checked them (QUALITY_CHECK), then reported (DONE). */
    CHECKED(20),
    /** No model: an operator drew the objects, then reported (DONE). */
    DRAWN(10),
    /** Cancelled by the client while it waited for an operator (CANCELLED). */
    CANCELLED(5),
    /** Done automatically, reprocessed at the client's request, done automatically again: two runs (DONE). */
    REPROCESSED(10);

    final int percent;

    Kind(int percent) {
      this.percent = percent;
    }

    /** The kind of the {@code draw}-th of 100 equal slices (0..99). */
    static Kind of(int draw) {
      int upTo = 0;
      for (Kind kind : values()) {
        upTo += kind.percent;
        if (draw < upTo) {
          return kind;
        }
      }
      throw new IllegalArgumentException("a draw is 0..99, got " + draw);
    }
  }

  /** One event of a synthetic stream: the fact, when it happened and who raised it. */
  record Timed(TaskEvent event, Instant eventTime, String actor) {}

  /**
   * A billed run of a synthetic task, as the billing read model counts it: ended by its first TaskReported or by
   * TaskCancelled, in the UTC month of that event.
   */
  record Run(YearMonth month, String clientId) {}

  /** A closed operator session: who, and the UTC day it ended. */
  record Session(String operatorId, LocalDate day) {}

  /** One synthetic task's stream, with what the read models should make of it. */
  record Stream(String taskId, Kind kind, String clientId, String type, String classGroupKey, List<Timed> events,
      List<Run> runs, List<Session> sessions) {

    String streamId() {
      return Task.streamId(taskId);
    }
  }

  static final List<String> CLIENTS = List.of("client-alpha", "client-bravo", "client-charlie", "client-delta",
      "client-echo");
  static final List<String> CLASS_GROUPS = List.of("beverages", "dairy", "snacks", "frozen", "household",
      "personal-care", "bakery", "produce");
  static final List<ModelRef> MODELS = List.of(new ModelRef("shelf-detector", "3"),
      new ModelRef("shelf-detector", "4"), new ModelRef("tag-detector", "2"));
  static final int OPERATORS = 20;

  private final long seed;
  private final Instant start;
  private final long spanSeconds;

  /**
   * @param start the earliest creation time
   * @param days how many days the creation times spread over
   */
  SyntheticTasks(long seed, Instant start, int days) {
    this.seed = seed;
    this.start = start;
    this.spanSeconds = Duration.ofDays(days).toSeconds();
  }

  /** The operator id of the {@code n}-th synthetic operator. */
  static String operator(int n) {
    return "volume-operator-%02d".formatted(n);
  }

  /** The {@code index}-th stream (from 0): the same index and seed always make the same stream. */
  Stream stream(int index) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
    String taskId = UUID.nameUUIDFromBytes(("loupe-volume/" + seed + "/" + index).getBytes(StandardCharsets.UTF_8))
        .toString();
    Kind kind = Kind.of(random.nextInt(100));
    String client = CLIENTS.get(random.nextInt(CLIENTS.size()));
    String type = random.nextInt(4) == 0 ? TaskTypes.PRICE_TAG_READING : TaskTypes.PRODUCT_DETECTION;
    String classGroupKey = CLASS_GROUPS.get(random.nextInt(CLASS_GROUPS.size()));
    ModelRef model = MODELS.get(random.nextInt(MODELS.size()));
    String operator = operator(random.nextInt(OPERATORS));
    Instant created = start.plusSeconds(random.nextLong(spanSeconds));
    ClassGroup classGroup = new ClassGroup(classGroupKey, List.of(new ClassGroup.ObjectClass("item", "Item"),
        new ClassGroup.ObjectClass("price-tag", "Price tag")));
    int images = 1 + random.nextInt(3);
    List<URI> imageUris = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      imageUris.add(URI.create("https://images.example/" + client + "/" + taskId + "/" + i + ".jpg"));
    }
    URI callback = URI.create("https://" + client + ".example/loupe/callback");

    Builder stream = new Builder(created, random);
    stream.add(new TaskCreated(taskId, type, classGroup, List.copyOf(imageUris), callback, client),
        "client:" + client, 0);
    switch (kind) {
      case WAITING -> toOperators(stream, classGroupKey);
      case CLAIMED -> {
        toOperators(stream, classGroupKey);
        stream.add(new OperatorAssigned(operator, sessionId(taskId, 0)), "operator:" + operator, 600);
      }
      case AUTOMATIC -> automatic(stream, classGroupKey, model, callback, client);
      case CHECKED -> {
        List<DetectedObject> detected = detect(stream, classGroupKey, model, images);
        stream.add(new QualityCheckDecided(true, "LOW_CONFIDENCE"), "worker:decide-quality-check", 1);
        stream.add(new AssistanceRequested(AssistanceReason.QUALITY_CHECK), "worker:request-assistance", 1);
        String session = sessionId(taskId, 0);
        stream.add(new OperatorAssigned(operator, session), "operator:" + operator, 900);
        DetectedObject moved = detected.getFirst();
        stream.add(new ObjectsMoved(session, List.of(new ObjectMove(moved.objectId(),
            new Box(moved.box().x() + 3, moved.box().y() + 2, moved.box().w(), moved.box().h())))),
            "operator:" + operator, 120);
        stream.add(new OperatorFinished(operator, session), "operator:" + operator, 0);
        stream.session(operator);
        stream.add(new AutomaticResultEvaluated(model, 0.5, List.of(new ClassScore("item", detected.size() - 1, 1, 1))),
            "worker:evaluate-automatic-result", 1);
        report(stream, detected.stream().map(DetectedObject::annotated).toList(), callback, client);
      }
      case DRAWN -> {
        toOperators(stream, classGroupKey);
        String session = sessionId(taskId, 0);
        stream.add(new OperatorAssigned(operator, session), "operator:" + operator, 900);
        List<AnnotatedObject> drawn = objects(random, images).stream().map(DetectedObject::annotated).toList();
        stream.add(new ObjectsAdded(session, drawn), "operator:" + operator, 240);
        stream.add(new OperatorFinished(operator, session), "operator:" + operator, 0);
        stream.session(operator);
        report(stream, drawn, callback, client);
      }
      case CANCELLED -> {
        toOperators(stream, classGroupKey);
        stream.add(new TaskCancelled("no longer needed"), "client:" + client, 3600);
        stream.run(client);
      }
      case REPROCESSED -> {
        automatic(stream, classGroupKey, model, callback, client);
        stream.add(new TaskReprocessRequested("new model"), "client:" + client, 86_400);
        automatic(stream, classGroupKey, MODELS.get((MODELS.indexOf(model) + 1) % MODELS.size()), callback, client);
      }
      default -> throw new IllegalStateException(kind.name());
    }
    return new Stream(taskId, kind, client, type, classGroupKey, List.copyOf(stream.events), List.copyOf(stream.runs),
        List.copyOf(stream.sessions));
  }

  private static void toOperators(Builder stream, String classGroupKey) {
    stream.add(new DetectionRequested(classGroupKey, null), "worker:resolve-model", 1);
    stream.add(new ModelNotFound(classGroupKey), "worker:resolve-model", 0);
    stream.add(new AssistanceRequested(AssistanceReason.MODEL_NOT_FOUND), "worker:request-assistance", 1);
  }

  private static void automatic(Builder stream, String classGroupKey, ModelRef model, URI callback, String client) {
    List<DetectedObject> detected = detect(stream, classGroupKey, model, 1);
    stream.add(new QualityCheckDecided(false, "CONFIDENT"), "worker:decide-quality-check", 1);
    report(stream, detected.stream().map(DetectedObject::annotated).toList(), callback, client);
  }

  private static List<DetectedObject> detect(Builder stream, String classGroupKey, ModelRef model, int images) {
    stream.add(new DetectionRequested(classGroupKey, model), "worker:resolve-model", 1);
    List<DetectedObject> detected = objects(stream.random, images);
    stream.add(new ObjectsDetected(model, detected), "worker:detect-objects", 2);
    return detected;
  }

  private static void report(Builder stream, List<AnnotatedObject> objects, URI callback, String client) {
    stream.add(new TaskResultGenerated(objects, List.of()), "worker:generate-result", 1);
    stream.add(new TaskReported(callback, 204), "worker:report-result", 1);
    stream.run(client);
  }

  /** Two to eight objects spread over the images. */
  private static List<DetectedObject> objects(SplittableRandom random, int images) {
    int count = 2 + random.nextInt(7);
    List<DetectedObject> objects = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      objects.add(new DetectedObject("o-" + i, i % images,
          new Box(random.nextInt(900), random.nextInt(500), 40 + random.nextInt(120), 60 + random.nextInt(160)),
          i % 3 == 0 ? "price-tag" : "item", 0.8 + random.nextDouble() * 0.2));
    }
    return objects;
  }

  private static String sessionId(String taskId, int n) {
    return UUID.nameUUIDFromBytes((taskId + "/session/" + n).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Appends events at increasing times and records the runs and sessions they close. */
  private static final class Builder {
    final List<Timed> events = new ArrayList<>();
    final List<Run> runs = new ArrayList<>();
    final List<Session> sessions = new ArrayList<>();
    final SplittableRandom random;
    Instant now;

    Builder(Instant created, SplittableRandom random) {
      this.now = created;
      this.random = random;
    }

    /** The event, up to {@code maxSeconds} (at least a millisecond) after the previous one. */
    void add(TaskEvent event, String actor, int maxSeconds) {
      if (!events.isEmpty()) {
        now = now.plusMillis(1 + random.nextLong(Math.max(1, maxSeconds * 1000L)));
      }
      events.add(new Timed(event, now, actor));
    }

    void run(String client) {
      runs.add(new Run(YearMonth.from(now.atOffset(ZoneOffset.UTC)), client));
    }

    void session(String operator) {
      sessions.add(new Session(operator, now.atOffset(ZoneOffset.UTC).toLocalDate()));
    }
  }
}
