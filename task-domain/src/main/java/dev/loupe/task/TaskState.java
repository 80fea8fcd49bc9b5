package dev.loupe.task;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * A task folded from its journal stream: what the write side needs to decide. {@code version} is the stream
 * version of the last event applied, -1 for no task.
 *
 * @param model the model resolved for the task's class group when the task asked for a detection; null when
 *     none was registered
 * @param detected what the model found, kept apart from {@code objects} to compare with the operator's truth
 * @param priority raised each time the operator step outlives its SLA
 * @param objects the task's objects now: the model's, changed by operators' sessions
 * @param readings the current text of tags; a tag an operator moved or removed loses its reading
 * @param generated the result generated in this run (since the task was created or last reprocessed), kept while
 *     an operator checks the task again; null before one
 * @param clientId the client that asked for the task; null when it was asked without an API key
 * @param rejection why the task could not be done, when one of its images can never be used (a worker found it, or
 *     an operator judged it); else null
 * @param recognizer the model that read the tags' text last; null before any reading
 * @param checking whether the operator step the task is in (or last was in) checks the servers' result, rather
 *     than doing the work the servers could not
 * @param operatorChecked whether an operator finished a check of the task in this run (since it was created or
 *     last reprocessed)
 * @param detectorScored whether the model's objects were scored against an operator's check in this run
 * @param unscoredReadings the recogniser's readings no operator's check has scored yet
 * @param unscoredBoxChanged how many unscored readings went with a tag an operator moved or removed since: the box
 *     was wrong, so their text is not scored
 * @param reported whether this run's outcome (result or rejection) was delivered to the client's callback
 * @param imageSizes the width and height of the images measured so far (by a worker or an operator that loaded
 *     them), at most one per image; kept through reprocessing, since the images do not change
 * @param recipe the recipe run the task is in (or last was in): process, version, instance; null before one
 * @param incident the job of the recipe that failed its last retry, while nothing has happened to the task since
 *     but an operator step's timers; else null
 * @param classifier the box classifier that suggested the classes of the detected objects in this run; null when
 *     there was none
 */
public record TaskState(
    String taskId,
    long version,
    TaskStatus status,
    String type,
    ClassGroup classGroup,
    List<URI> images,
    URI callbackUrl,
    ModelRef model,
    List<DetectedObject> detected,
    String operatorId,
    String sessionId,
    int priority,
    List<AnnotatedObject> objects,
    List<TaskEvent.TagReading> readings,
    TaskEvent.TaskResultGenerated generated,
    String clientId,
    Rejection rejection,
    ModelRef recognizer,
    boolean checking,
    boolean operatorChecked,
    boolean detectorScored,
    List<TaskEvent.TagReading> unscoredReadings,
    int unscoredBoxChanged,
    boolean reported,
    List<ImageSize> imageSizes,
    TaskEvent.RecipeRunStarted recipe,
    TaskEvent.IncidentRaised incident,
    ModelRef classifier) {

  public static TaskState initial(String taskId) {
    return new TaskState(taskId, -1, TaskStatus.NONE, null, null, List.of(), null, null, List.of(), null, null,
        0, List.of(), List.of(), null, null, null, null, false, false, false, List.of(), 0, false, List.of(), null,
        null, null);
  }

  /** Whether the run has an outcome the client has not been told yet: a result, or a rejection. */
  public boolean awaitsDelivery() {
    return status == TaskStatus.RESULT_GENERATED || status == TaskStatus.DELIVERY_FAILED
        || (status == TaskStatus.REJECTED && !reported);
  }

  public boolean exists() {
    return status != TaskStatus.NONE;
  }

  /** The objects of the result generated in this run; empty before one. */
  public List<AnnotatedObject> result() {
    return generated == null ? List.of() : generated.objects();
  }

  /** The objects that have no current reading. */
  public List<AnnotatedObject> unread() {
    return objects.stream()
        .filter(object -> readings.stream().noneMatch(reading -> reading.objectId().equals(object.objectId())))
        .toList();
  }

  /** The measured size of an image, if one was recorded. */
  public Optional<ImageSize> sizeOf(int imageIndex) {
    return imageSizes.stream().filter(size -> size.imageIndex() == imageIndex).findFirst();
  }

  Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy of a state with some components changed. */
  static final class Builder {
    private final String taskId;
    private long version;
    private TaskStatus status;
    private String type;
    private ClassGroup classGroup;
    private List<URI> images;
    private URI callbackUrl;
    private ModelRef model;
    private List<DetectedObject> detected;
    private String operatorId;
    private String sessionId;
    private int priority;
    private List<AnnotatedObject> objects;
    private List<TaskEvent.TagReading> readings;
    private TaskEvent.TaskResultGenerated generated;
    private String clientId;
    private Rejection rejection;
    private ModelRef recognizer;
    private boolean checking;
    private boolean operatorChecked;
    private boolean detectorScored;
    private List<TaskEvent.TagReading> unscoredReadings;
    private int unscoredBoxChanged;
    private boolean reported;
    private List<ImageSize> imageSizes;
    private TaskEvent.RecipeRunStarted recipe;
    private TaskEvent.IncidentRaised incident;
    private ModelRef classifier;

    private Builder(TaskState state) {
      taskId = state.taskId;
      version = state.version;
      status = state.status;
      type = state.type;
      classGroup = state.classGroup;
      images = state.images;
      callbackUrl = state.callbackUrl;
      model = state.model;
      detected = state.detected;
      operatorId = state.operatorId;
      sessionId = state.sessionId;
      priority = state.priority;
      objects = state.objects;
      readings = state.readings;
      generated = state.generated;
      clientId = state.clientId;
      rejection = state.rejection;
      recognizer = state.recognizer;
      checking = state.checking;
      operatorChecked = state.operatorChecked;
      detectorScored = state.detectorScored;
      unscoredReadings = state.unscoredReadings;
      unscoredBoxChanged = state.unscoredBoxChanged;
      reported = state.reported;
      imageSizes = state.imageSizes;
      recipe = state.recipe;
      incident = state.incident;
      classifier = state.classifier;
    }

    Builder version(long newVersion) {
      version = newVersion;
      return this;
    }

    Builder status(TaskStatus newStatus) {
      status = newStatus;
      return this;
    }

    Builder request(String newType, ClassGroup newClassGroup, List<URI> newImages, URI newCallbackUrl,
        String newClientId) {
      type = newType;
      clientId = newClientId;
      classGroup = newClassGroup;
      images = List.copyOf(newImages);
      callbackUrl = newCallbackUrl;
      return this;
    }

    Builder model(ModelRef newModel) {
      model = newModel;
      return this;
    }

    Builder detected(List<DetectedObject> newDetected) {
      detected = List.copyOf(newDetected);
      return this;
    }

    Builder operator(String newOperatorId, String newSessionId) {
      operatorId = newOperatorId;
      sessionId = newSessionId;
      return this;
    }

    Builder priority(int newPriority) {
      priority = newPriority;
      return this;
    }

    Builder objects(List<AnnotatedObject> newObjects) {
      objects = List.copyOf(newObjects);
      return this;
    }

    Builder readings(List<TaskEvent.TagReading> newReadings) {
      readings = List.copyOf(newReadings);
      return this;
    }

    Builder generated(TaskEvent.TaskResultGenerated newGenerated) {
      generated = newGenerated;
      return this;
    }

    Builder rejection(Rejection newRejection) {
      rejection = newRejection;
      return this;
    }

    Builder recognizer(ModelRef newRecognizer) {
      recognizer = newRecognizer;
      return this;
    }

    Builder checking(boolean isChecking) {
      checking = isChecking;
      return this;
    }

    Builder operatorChecked(boolean checked) {
      operatorChecked = checked;
      return this;
    }

    Builder detectorScored(boolean scored) {
      detectorScored = scored;
      return this;
    }

    Builder unscoredReadings(List<TaskEvent.TagReading> newUnscored) {
      unscoredReadings = List.copyOf(newUnscored);
      return this;
    }

    Builder unscoredBoxChanged(int boxChanged) {
      unscoredBoxChanged = boxChanged;
      return this;
    }

    Builder reported(boolean isReported) {
      reported = isReported;
      return this;
    }

    Builder imageSizes(List<ImageSize> newImageSizes) {
      imageSizes = List.copyOf(newImageSizes);
      return this;
    }

    Builder recipe(TaskEvent.RecipeRunStarted newRecipe) {
      recipe = newRecipe;
      return this;
    }

    Builder incident(TaskEvent.IncidentRaised newIncident) {
      incident = newIncident;
      return this;
    }

    Builder classifier(ModelRef newClassifier) {
      classifier = newClassifier;
      return this;
    }

    TaskState build() {
      return new TaskState(taskId, version, status, type, classGroup, images, callbackUrl, model, detected,
          operatorId, sessionId, priority, objects, readings, generated, clientId, rejection, recognizer, checking,
          operatorChecked, detectorScored, unscoredReadings, unscoredBoxChanged, reported, imageSizes, recipe, incident,
          classifier);
    }
  }
}
