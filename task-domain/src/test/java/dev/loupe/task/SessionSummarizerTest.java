package dev.loupe.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.task.ClassGroup.ObjectClass;
import dev.loupe.task.SessionCommand.AddObject;
import dev.loupe.task.SessionCommand.MoveObject;
import dev.loupe.task.SessionCommand.RelabelObject;
import dev.loupe.task.SessionCommand.RemoveObject;
import dev.loupe.task.TaskCommand.ObjectDraft;
import dev.loupe.task.TaskEvent.ObjectsAdded;
import dev.loupe.task.TaskEvent.ObjectsRemoved;
import dev.loupe.task.TaskEvent.TagReading;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The session summarizer's invariants, over random sessions: the summarized events give the same objects as
 * the operator's commands applied one by one, and say each thing once.
 */
class SessionSummarizerTest {

  private static final String SESSION = "s";
  private static final List<String> CLASSES = List.of("cola", "water", "juice");
  private static final List<String> TEXTS = List.of("1.99", "2.49", "9.99 TL");
  private static final ClassGroup GROUP = new ClassGroup("drinks",
      CLASSES.stream().map(id -> new ObjectClass(id, id)).toList());

  /** What an operator meant to do; turned into a valid command against the session's objects so far. */
  record Intent(int op, int pick, Box box, String classId, int imageIndex) {}

  @Property(tries = 500)
  void summaryGivesTheSameObjectsAsTheCommandsOneByOne(
      @ForAll("existingObjects") List<AnnotatedObject> existing, @ForAll("intents") List<Intent> intents) {
    TaskState task = taskWith(existing);
    List<SessionCommand> commands = commandsFrom(existing, intents);

    Map<String, AnnotatedObject> expected = applyOneByOne(existing, commands);
    TaskState summarized = task;
    for (TaskEvent event : SessionSummarizer.summarize(SESSION, task, commands)) {
      summarized = Task.evolve(summarized, event);
    }

    assertThat(byId(summarized.objects())).isEqualTo(expected);
  }

  @Property(tries = 300)
  void summarySaysEachThingOnce(
      @ForAll("existingObjects") List<AnnotatedObject> existing, @ForAll("intents") List<Intent> intents) {
    List<TaskEvent> events = SessionSummarizer.summarize(SESSION, taskWith(existing), commandsFrom(existing, intents));

    assertThat(events).extracting(event -> event.getClass()).doesNotHaveDuplicates();
    Set<String> added = new HashSet<>();
    Set<String> removed = new HashSet<>();
    for (TaskEvent event : events) {
      if (event instanceof ObjectsAdded add) {
        add.objects().forEach(object -> added.add(object.objectId()));
      }
      if (event instanceof ObjectsRemoved remove) {
        removed.addAll(remove.objectIds());
      }
    }
    added.retainAll(removed);
    assertThat(added).as("objects both added and removed").isEmpty();
    assertThat(removed).allMatch(id -> existing.stream().anyMatch(object -> object.objectId().equals(id)));
  }

  @Property(tries = 300)
  void finalObjectsAndTheirCommandsLeadToThoseObjects(
      @ForAll("existingObjects") List<AnnotatedObject> existing, @ForAll("intents") List<Intent> intents) {
    TaskState task = taskWith(existing);
    Map<String, AnnotatedObject> wanted = applyOneByOne(existing, commandsFrom(existing, intents));
    List<ObjectDraft> finals = wanted.values().stream()
        .map(object -> new ObjectDraft(object.objectId().startsWith(SESSION + "-") ? null : object.objectId(),
            object.imageIndex(), object.box(), object.classId(), null))
        .toList();

    TaskState after = task;
    for (TaskEvent event : SessionSummarizer.summarize(SESSION, task, SessionSummarizer.commandsFor(task, finals))) {
      after = Task.evolve(after, event);
    }

    assertThat(after.objects()).extracting(AnnotatedObject::imageIndex, AnnotatedObject::box, AnnotatedObject::classId)
        .containsExactlyInAnyOrderElementsOf(wanted.values().stream()
            .map(object -> org.assertj.core.groups.Tuple.tuple(object.imageIndex(), object.box(), object.classId()))
            .toList());
  }

  @Property(tries = 500)
  void summaryGivesTheSameTagTextsAsTheCommandsOneByOne(
      @ForAll("existingObjects") List<AnnotatedObject> existing, @ForAll("tagIntents") List<Intent> intents) {
    List<TagReading> readings = new ArrayList<>();
    for (int i = 0; i < existing.size(); i += 2) {
      readings.add(new TagReading(existing.get(i).objectId(), "r" + i, 0.7));
    }
    TaskState task = tagTaskWith(existing, readings);
    List<SessionCommand> commands = commandsFrom(existing, intents);

    TaskState summarized = task;
    for (TaskEvent event : SessionSummarizer.summarize(SESSION, task, commands)) {
      summarized = Task.evolve(summarized, event);
    }

    Map<String, String> texts = new LinkedHashMap<>();
    summarized.readings().forEach(reading -> texts.put(reading.objectId(), reading.text()));
    assertThat(texts).isEqualTo(textsOneByOne(existing, readings, commands));
    assertThat(byId(summarized.objects())).isEqualTo(applyOneByOne(existing, commands));
  }

  @Example
  void shouldKeepTheTextAnOperatorTypedOnATagAndWhatItReplaced() {
    AnnotatedObject tag = new AnnotatedObject("m0", 0, new Box(0, 0, 10, 10), "cola");
    TaskState task = tagTaskWith(List.of(tag), List.of(new TagReading("m0", "12.90", 0.6)));

    List<TaskEvent> events = SessionSummarizer.summarize(SESSION, task, List.of(
        new SessionCommand.ReadObject("m0", " 12.99 "), new AddObject("n", 0, new Box(20, 20, 9, 9), "cola"),
        new SessionCommand.ReadObject("n", "3.49")));

    assertThat(events).containsExactly(
        new ObjectsAdded(SESSION, List.of(new AnnotatedObject(SESSION + "-n", 0, new Box(20, 20, 9, 9), "cola"))),
        new TaskEvent.TagsCorrected(SESSION, List.of(new TaskEvent.TagCorrection("m0", "12.99", "12.90"),
            new TaskEvent.TagCorrection(SESSION + "-n", "3.49", null))));
  }

  @Example
  void shouldRefuseTextOnAProductDetectionTask() {
    AnnotatedObject machine = new AnnotatedObject("m0", 0, new Box(0, 0, 10, 10), "cola");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SessionSummarizer.summarize(SESSION,
            taskWith(List.of(machine)), List.of(new SessionCommand.ReadObject("m0", "1.99"))))
        .isInstanceOfSatisfying(TaskRejected.class,
            rejected -> assertThat(rejected.field()).isEqualTo("commands[0].text"));
  }

  @Example
  void shouldScoreEachOnDrawSuggestionByWhetherItsBoxEndsTheSessionWithTheSuggestedClass() {
    ModelRef classifier = new ModelRef("classifier-drinks", "2");
    List<TaskEvent> events = SessionSummarizer.summarize(SESSION, taskWith(List.of()), List.of(
        new AddObject("kept", 0, new Box(1, 1, 5, 5), "cola", new DrawSuggestion("cola", 0.9, classifier)),
        new AddObject("changed", 0, new Box(9, 9, 5, 5), "water", new DrawSuggestion("water", 0.6, classifier)),
        new RelabelObject("changed", "juice"),
        new AddObject("erased", 0, new Box(20, 20, 5, 5), "cola", new DrawSuggestion("cola", 0.7, classifier)),
        new RemoveObject("erased"),
        new AddObject("plain", 1, new Box(2, 2, 5, 5), "juice")));

    assertThat(events).filteredOn(TaskEvent.SuggestionsEvaluated.class::isInstance).containsExactly(
        new TaskEvent.SuggestionsEvaluated(classifier, List.of(new TaskEvent.SuggestionScore("cola", 1, 1),
            new TaskEvent.SuggestionScore("water", 1, 0))));
  }

  @Example
  void shouldFinishButLeaveUnscoredAnOnDrawSuggestionOfAClassTheGroupDoesNotHave() {
    List<TaskEvent> events = SessionSummarizer.summarize(SESSION, taskWith(List.of()), List.of(new AddObject("a", 0,
        new Box(1, 1, 5, 5), "cola", new DrawSuggestion("beer", 0.9, new ModelRef("classifier-drinks", "2")))));

    assertThat(events).containsExactly(
        new ObjectsAdded(SESSION, List.of(new AnnotatedObject(SESSION + "-a", 0, new Box(1, 1, 5, 5), "cola"))));
  }

  @Example
  void shouldRefuseAnOnDrawSuggestionThatDoesNotNameItsClassifier() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SessionSummarizer.summarize(SESSION,
            taskWith(List.of()), List.of(new AddObject("a", 0, new Box(1, 1, 5, 5), "cola",
                new DrawSuggestion("cola", 0.9, new ModelRef("classifier-drinks", " "))))))
        .isInstanceOfSatisfying(TaskRejected.class,
            rejected -> assertThat(rejected.field()).isEqualTo("commands[0].suggested.model"));
  }

  @Example
  void shouldCancelAnObjectAddedAndRemovedInTheSameSession() {
    List<TaskEvent> events = SessionSummarizer.summarize(SESSION, taskWith(List.of()), List.of(
        new AddObject("a", 0, new Box(1, 1, 5, 5), "cola"), new MoveObject("a", new Box(2, 2, 5, 5)),
        new RemoveObject("a")));

    assertThat(events).isEmpty();
  }

  @Example
  void shouldJoinMovesAndRelabelsOfAnExistingObjectIntoItsLastState() {
    AnnotatedObject machine = new AnnotatedObject("m0", 0, new Box(0, 0, 10, 10), "cola");

    List<TaskEvent> events = SessionSummarizer.summarize(SESSION, taskWith(List.of(machine)), List.of(
        new MoveObject("m0", new Box(1, 1, 10, 10)), new RelabelObject("m0", "water"),
        new MoveObject("m0", new Box(3, 3, 12, 12)), new RelabelObject("m0", "juice")));

    assertThat(events).containsExactly(
        new TaskEvent.ObjectsMoved(SESSION, List.of(new TaskEvent.ObjectMove("m0", new Box(3, 3, 12, 12)))),
        new TaskEvent.ObjectsLabeled(SESSION, List.of(new TaskEvent.ObjectLabel("m0", "juice"))));
  }

  @Example
  void shouldOnlyRemoveAnExistingObjectChangedThenRemoved() {
    AnnotatedObject machine = new AnnotatedObject("m0", 0, new Box(0, 0, 10, 10), "cola");

    List<TaskEvent> events = SessionSummarizer.summarize(SESSION, taskWith(List.of(machine)), List.of(
        new RelabelObject("m0", "water"), new RemoveObject("m0")));

    assertThat(events).containsExactly(new ObjectsRemoved(SESSION, List.of("m0")));
  }

  @Example
  void shouldNotReportAnObjectMovedBackWhereItWas() {
    AnnotatedObject machine = new AnnotatedObject("m0", 0, new Box(0, 0, 10, 10), "cola");

    List<TaskEvent> events = SessionSummarizer.summarize(SESSION, taskWith(List.of(machine)), List.of(
        new MoveObject("m0", new Box(5, 5, 10, 10)), new MoveObject("m0", new Box(0, 0, 10, 10))));

    assertThat(events).isEmpty();
  }

  @Provide
  Arbitrary<List<AnnotatedObject>> existingObjects() {
    return Combinators.combine(boxes(), Arbitraries.of(CLASSES), Arbitraries.integers().between(0, 1))
        .as((box, classId, image) -> new Object[] {box, classId, image})
        .list().ofMaxSize(6)
        .map(rows -> {
          List<AnnotatedObject> objects = new ArrayList<>();
          for (int i = 0; i < rows.size(); i++) {
            objects.add(new AnnotatedObject("m" + i, (Integer) rows.get(i)[2], (Box) rows.get(i)[0],
                (String) rows.get(i)[1]));
          }
          return objects;
        });
  }

  @Provide
  Arbitrary<List<Intent>> intents() {
    return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 50), boxes(),
            Arbitraries.of(CLASSES), Arbitraries.integers().between(0, 1))
        .as(Intent::new)
        .list().ofMaxSize(25);
  }

  /** Intents that also type text on tags (op 4). */
  @Provide
  Arbitrary<List<Intent>> tagIntents() {
    return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 50), boxes(),
            Arbitraries.of(CLASSES), Arbitraries.integers().between(0, 1))
        .as(Intent::new)
        .list().ofMaxSize(25);
  }

  private static Arbitrary<Box> boxes() {
    return Combinators.combine(Arbitraries.integers().between(0, 400), Arbitraries.integers().between(0, 400),
            Arbitraries.integers().between(1, 200), Arbitraries.integers().between(1, 200))
        .as((x, y, w, h) -> new Box(x, y, w, h));
  }

  /** Valid commands for the intents: each targets an object alive at that point of the session. */
  private static List<SessionCommand> commandsFrom(List<AnnotatedObject> existing, List<Intent> intents) {
    List<String> alive = new ArrayList<>(existing.stream().map(AnnotatedObject::objectId).toList());
    List<SessionCommand> commands = new ArrayList<>();
    int next = 0;
    for (Intent intent : intents) {
      if (intent.op() == 0 || alive.isEmpty()) {
        String toolId = "n" + next++;
        commands.add(new AddObject(toolId, intent.imageIndex(), intent.box(), intent.classId()));
        alive.add(toolId);
        continue;
      }
      String target = alive.get(intent.pick() % alive.size());
      switch (intent.op()) {
        case 1 -> commands.add(new MoveObject(target, intent.box()));
        case 2 -> commands.add(new RelabelObject(target, intent.classId()));
        case 4 -> commands.add(new SessionCommand.ReadObject(target, TEXTS.get(intent.pick() % TEXTS.size())));
        default -> {
          commands.add(new RemoveObject(target));
          alive.remove(target);
        }
      }
    }
    return commands;
  }

  /** The reference: each command applied as the operator saw it, new objects under the session's ids. */
  private static Map<String, AnnotatedObject> applyOneByOne(List<AnnotatedObject> existing,
      List<SessionCommand> commands) {
    return oneByOne(existing, List.of(), commands).objects();
  }

  /** The objects and tag texts after each command applied in turn. */
  private record Reference(Map<String, AnnotatedObject> objects, Map<String, String> texts) {}

  /**
   * The reference for texts: every reading (the recogniser's, then each typed one) belongs to the box the tag had
   * then; at the end a tag's text is the latest reading made at its final box.
   */
  private static Map<String, String> textsOneByOne(List<AnnotatedObject> existing, List<TagReading> readings,
      List<SessionCommand> commands) {
    return oneByOne(existing, readings, commands).texts();
  }

  private static Reference oneByOne(List<AnnotatedObject> existing, List<TagReading> readings,
      List<SessionCommand> commands) {
    Map<String, AnnotatedObject> objects = byId(existing);
    Map<String, List<Map.Entry<String, Box>>> made = new LinkedHashMap<>();
    readings.forEach(reading -> made.computeIfAbsent(reading.objectId(), id -> new ArrayList<>())
        .add(Map.entry(reading.text(), objects.get(reading.objectId()).box())));
    for (SessionCommand command : commands) {
      String id = objects.containsKey(command.objectId()) ? command.objectId() : SESSION + "-" + command.objectId();
      AnnotatedObject object = objects.get(id);
      switch (command) {
        case AddObject add -> objects.put(id, new AnnotatedObject(id, add.imageIndex(), add.box(), add.classId()));
        case MoveObject move ->
            objects.put(id, new AnnotatedObject(id, object.imageIndex(), move.box(), object.classId()));
        case RelabelObject relabel ->
            objects.put(id, new AnnotatedObject(id, object.imageIndex(), object.box(), relabel.classId()));
        case RemoveObject remove -> {
          objects.remove(id);
          made.remove(id);
        }
        case SessionCommand.ReadObject read ->
            made.computeIfAbsent(id, key -> new ArrayList<>()).add(Map.entry(read.text(), object.box()));
      }
    }
    Map<String, String> texts = new LinkedHashMap<>();
    made.forEach((id, entries) -> entries.stream()
        .filter(entry -> entry.getValue().equals(objects.get(id).box()))
        .reduce((first, second) -> second)
        .ifPresent(entry -> texts.put(id, entry.getKey())));
    return new Reference(objects, texts);
  }

  private static Map<String, AnnotatedObject> byId(List<AnnotatedObject> objects) {
    Map<String, AnnotatedObject> byId = new LinkedHashMap<>();
    objects.forEach(object -> byId.put(object.objectId(), object));
    return byId;
  }

  private static TaskState tagTaskWith(List<AnnotatedObject> objects, List<TagReading> readings) {
    return new TaskState("t", 5, TaskStatus.IN_PROGRESS, "price-tag-reading", GROUP,
        List.of(URI.create("http://img/0.jpg"), URI.create("http://img/1.jpg")), URI.create("http://cb"), null,
        List.of(), "op", SESSION, 0, List.copyOf(objects), List.copyOf(readings), null, null, null, null, false, false,
        false, List.of(), 0, false, List.of(), null, null, null);
  }

  private static TaskState taskWith(List<AnnotatedObject> objects) {
    return new TaskState("t", 5, TaskStatus.IN_PROGRESS, "product-detection", GROUP,
        List.of(URI.create("http://img/0.jpg"), URI.create("http://img/1.jpg")), URI.create("http://cb"), null,
        List.of(), "op", SESSION, 0, List.copyOf(objects), List.of(), null, null, null, null, false, false, false,
        List.of(), 0, false, List.of(), null, null, null);
  }
}
