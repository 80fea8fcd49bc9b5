package dev.loupe.submission;

import dev.loupe.recipes.RecipeStarter;
import dev.loupe.recipes.Recipes;
import dev.loupe.task.TaskCommand.CancelTask;
import dev.loupe.task.TaskCommand.CreateTask;
import dev.loupe.task.TaskCommand.ReprocessTask;
import dev.loupe.task.TaskCommand.ResendToOperator;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskRejected;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import dev.loupe.task.TaskTypes;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientException;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Clients' task submissions. The task id derives from the client and its idempotency key, so repeating a
 * request finds the task it created instead of making another, and two clients may use the same key. A request
 * that finds its task still CREATED starts its recipe (again): Zeebe starts one instance per run however often
 * it is started, and a request that stopped between recording the task and starting its recipe is healed by the
 * client's retry. A start message Zeebe does not take now (it is down, or past its deadline under load) fails no
 * request: the task is recorded, and the stalled-start sweep (recovery's StalledRecipeStarts) starts its recipe once
 * Zeebe answers again.
 */
@Service
public class TaskSubmissions {

  /** A submission's outcome: the task, and whether this request created it. */
  public record Submitted(TaskState task, boolean created) {}

  private static final Logger log = LoggerFactory.getLogger(TaskSubmissions.class);

  private final TaskRepository tasks;
  private final CamundaClient camunda;
  private final RecipeStarter recipes;

  TaskSubmissions(TaskRepository tasks, CamundaClient camunda, RecipeStarter recipes) {
    this.tasks = tasks;
    this.camunda = camunda;
    this.recipes = recipes;
  }

  /** The task id for a client's key; {@code clientId} null for a request made without an API key. */
  public static String taskIdFor(String clientId, String idempotencyKey) {
    String name = clientId == null ? "task:" + idempotencyKey : "task:" + clientId + ":" + idempotencyKey;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /**
   * Creates the task and starts its recipe, or returns the task an earlier identical request created.
   *
   * @throws TaskRejected INVALID for an unknown task type, CONFLICT when the key was used for another request
   */
  public Submitted submit(String idempotencyKey, CreateTask request) {
    if (!TaskTypes.ALL.contains(request.type())) {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "type",
          "unknown task type '%s'; known types: %s".formatted(request.type(), TaskTypes.ALL));
    }
    String taskId = taskIdFor(request.clientId(), idempotencyKey);
    CreateTask create = new CreateTask(taskId, request.type(), request.classGroup(), request.images(),
        request.callbackUrl(), request.clientId());
    Optional<TaskCreated> earlier = tasks.creation(taskId);
    if (earlier.isPresent()) {
      return repeated(earlier.get(), create, taskId);
    }
    TaskRepository.Outcome outcome = tasks.execute(taskId, create, "create:" + taskId, actor(request.clientId()));
    if (outcome.state().status() == TaskStatus.CREATED) {
      startRecipe(outcome.state());
    }
    return new Submitted(outcome.state(), outcome.written());
  }

  /**
   * Starts a finished task's recipe over, on the recipe's latest version, so the models registered now decide
   * its path. A repeated request for the same finished version changes nothing.
   *
   * @throws TaskRejected NOT_FOUND for an unknown task, CONFLICT when it is not done
   */
  public TaskState reprocess(String taskId, String reason) {
    long finishedAt = tasks.load(taskId).version();
    TaskRepository.Outcome outcome =
        tasks.execute(taskId, new ReprocessTask(reason), "reprocess:" + taskId + ":" + finishedAt, "client");
    if (outcome.state().status() == TaskStatus.CREATED) {
      startRecipe(outcome.state());
    }
    return outcome.state();
  }


  /**
   * Sends a done task back to the operators' inbox to be checked and corrected: its recipe starts again at the
   * operator step its journal calls for, then goes on to a new result and a new callback. A repeated request
   * for the same finished task changes nothing.
   *
   * @throws TaskRejected NOT_FOUND for an unknown task, CONFLICT when it is not done
   */
  public TaskState resendToOperator(String taskId, String reason) {
    long finishedAt = tasks.load(taskId).version();
    TaskRepository.Outcome outcome =
        tasks.execute(taskId, new ResendToOperator(reason), "resend:" + taskId + ":" + finishedAt, "client");
    if (outcome.written()) {
      recipes.startWhereTheJournalIs(outcome.state());
    }
    return outcome.state();
  }

  /**
   * Cancels the task and ends its recipe wherever it is. Cancelling a cancelled task again changes nothing
   * (and publishes the message again, in case the first request stopped before it did).
   *
   * @throws TaskRejected NOT_FOUND for an unknown task, CONFLICT when it is done
   */
  public TaskState cancel(String taskId, String reason) {
    TaskRepository.Outcome outcome = tasks.execute(taskId, new CancelTask(reason), "cancel:" + taskId, "client");
    try {
      camunda.newPublishMessageCommand()
          .messageName(Recipes.TASK_CANCELLED_MESSAGE)
          .correlationKey(taskId)
          .messageId("cancel:" + taskId)
          .timeToLive(Duration.ofMinutes(5))
          .send()
          .join();
    } catch (ClientStatusException published) {
      if (published.getStatusCode() != Status.Code.ALREADY_EXISTS) {
        throw published;
      }
    }
    return outcome.state();
  }

  private static String actor(String clientId) {
    return clientId == null ? "client" : "client:" + clientId;
  }

  private Submitted repeated(TaskCreated earlier, CreateTask create, String taskId) {
    TaskCreated again = new TaskCreated(taskId, create.type(), create.classGroup(), create.images(),
        create.callbackUrl(), create.clientId());
    if (!earlier.equals(again)) {
      throw new TaskRejected(TaskRejected.Reason.CONFLICT,
          "this Idempotency-Key was already used for a different request (task %s)".formatted(taskId));
    }
    TaskState task = tasks.load(taskId);
    if (task.status() == TaskStatus.CREATED) {
      startRecipe(task);
    }
    return new Submitted(task, false);
  }

  /** Starts a recorded task's recipe, or leaves it to the stalled-start sweep when Zeebe does not take it now. */
  private void startRecipe(TaskState task) {
    try {
      recipes.startFromTheBeginning(task);
    } catch (ClientException notNow) {
      log.warn("task {} is recorded, but Zeebe did not take its start message ({}): the stalled-start sweep starts "
          + "its recipe", task.taskId(), notNow.getMessage());
    }
  }
}
