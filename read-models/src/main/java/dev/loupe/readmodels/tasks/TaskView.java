package dev.loupe.readmodels.tasks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.loupe.task.Box;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.ModelRef;
import dev.loupe.task.Rejection;
import dev.loupe.task.TaskEvent.IncidentRaised;
import dev.loupe.task.TaskEvent.RecipeRunStarted;
import dev.loupe.task.TaskEvent.TaskResultGenerated;
import dev.loupe.task.TaskStatus;
import java.net.URI;
import java.util.List;

/**
 * The task manager's view of one task: one document per task in the {@code tasks} index, at the stream version
 * of the last event applied. Its status, objects, operator, priority, result, rejection, model, recipe run and
 * open incident are the task's state as the domain folds it ({@link TaskViewProjection}); its timestamps, assistance
 * reason, flag reason and stale flag are the view's own.
 *
 * @param priority raised each time the task's operator step outlives its SLA; the inbox shows higher first
 * @param objects the task's objects now — the model's, as operators' sessions changed them — for the operator
 *     who checks them, a tag with its current reading; empty before any
 * @param result the result generated in this run, kept while an operator checks the task again; null before one
 * @param clientId the client that asked for the task; null when it was asked without an API key
 * @param rejection the image of the task that can never be used, and why (a worker's finding or an operator's reason); else null
 * @param stale true when the task's journal events from some version on cannot be folded (its stream is in the
 *     read model's quarantine): the view is the last one that could be
 * @param model the model that detects the task's objects in this run; null when none was registered (or before the
 *     recipe looked)
 * @param recipe the recipe run the task is in, or last was in: process id, version, instance; null before one
 * @param incident the job of the recipe that failed its last retry, while nothing but an operator step's timers
 *     happened to the task since; else null
 * @param finishedAt when the task's run last ended: its outcome reported, or the task cancelled; null while a run
 *     goes on (a reprocess or a resend starts one)
 * @param flagReason why the latest quality-check decision sent the task to an operator's check
 *     ({@code LOW_CONFIDENCE}, {@code UNSURE_READING}, {@code SAMPLED}); null when it did not, or before one
 */
public record TaskView(
    String id,
    String type,
    TaskStatus status,
    ClassGroup classGroup,
    List<URI> images,
    String createdAt,
    String updatedAt,
    long version,
    String operatorId,
    String assistanceReason,
    int priority,
    List<TaskObject> objects,
    TaskResultGenerated result,
    String clientId,
    Rejection rejection,
    boolean stale,
    ModelRef model,
    RecipeRunStarted recipe,
    IncidentRaised incident,
    String finishedAt,
    String flagReason) {

  /** A document written before objects were always listed has none ({@code null}) before the first. */
  public TaskView {
    objects = objects == null ? List.of() : List.copyOf(objects);
  }

  /**
   * An object of the task; a tag with a current reading has its {@code text} and {@code textConfidence}, others
   * have neither; an object the model found has the model's {@code confidence} (kept when an operator moves or
   * relabels it), one an operator drew has none; an object the model found that the class group's box classifier
   * suggested a class for before an operator checked it carries it, {@code suggestedClassId}, with
   * {@code suggestedConfidence} (null otherwise: no classifier, a result nobody checked, a classifier that could not
   * run, a price-tag reading).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TaskObject(String objectId, int imageIndex, Box box, String classId, String text,
      Double textConfidence, Double confidence,
      @JsonInclude(JsonInclude.Include.ALWAYS) String suggestedClassId,
      @JsonInclude(JsonInclude.Include.ALWAYS) Double suggestedConfidence) {

    public TaskObject(String objectId, int imageIndex, Box box, String classId, String text, Double textConfidence,
        Double confidence) {
      this(objectId, imageIndex, box, classId, text, textConfidence, confidence, null, null);
    }
  }

  /** This view, marked stale. */
  TaskView asStale() {
    return new TaskView(id, type, status, classGroup, images, createdAt, updatedAt, version, operatorId,
        assistanceReason, priority, objects, result, clientId, rejection, true, model, recipe, incident, finishedAt,
        flagReason);
  }
}
