package dev.loupe.operatorwork;

import dev.loupe.recipes.Recipes;
import dev.loupe.task.TaskRepository;
import dev.loupe.task.TaskState;
import dev.loupe.task.TaskStatus;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Completes a task's operator user task once the journal says the operator is done: they finished, or declared an
 * image unusable. The job completes with {@value Recipes#IMAGE_UNUSABLE}, which the gateway after the step reads to
 * report the rejection instead of going on. Called both when the operator is done and when the user task's job
 * arrives, whichever comes last does it.
 *
 * <p>From the job's handler it never waits for Zeebe: the completion is sent, and the job's work item is forgotten
 * when Zeebe confirms. A job worker thread that waited would sit idle for as long as the engine takes to answer, and
 * under load that is seconds; with every worker thread waiting so, no other job of any recipe runs (ADR 0033). The
 * journal already holds the operator's work, so nothing is lost while the completion is on its way.
 */
@Component
class OperatorTaskCompleter {

  private static final Logger log = LoggerFactory.getLogger(OperatorTaskCompleter.class);
  private static final Set<TaskStatus> OPERATOR_DONE =
      EnumSet.of(TaskStatus.OPERATOR_FINISHED, TaskStatus.RESULT_GENERATED, TaskStatus.DELIVERY_FAILED,
          TaskStatus.DONE, TaskStatus.REJECTED);

  private final TaskRepository tasks;
  private final OperatorWorkItems workItems;
  private final CamundaClient camunda;

  OperatorTaskCompleter(TaskRepository tasks, OperatorWorkItems workItems, CamundaClient camunda) {
    this.tasks = tasks;
    this.workItems = workItems;
    this.camunda = camunda;
  }

  /**
   * Sends the completion of the task's operator job when the operator is done and the job is held.
   *
   * @return completes when Zeebe confirmed (or the job was already gone); fails with Zeebe's refusal otherwise
   */
  CompletionStage<Void> completeIfWaiting(String taskId) {
    TaskState task = tasks.load(taskId);
    if (!OPERATOR_DONE.contains(task.status())) {
      return CompletableFuture.completedFuture(null);
    }
    Optional<Long> held = workItems.jobKeyOf(taskId);
    if (held.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    long jobKey = held.get();
    return camunda.newCompleteCommand(jobKey).variables(Map.of(Recipes.IMAGE_UNUSABLE, task.rejection() != null))
        .send()
        .handle((completed, failure) -> {
          if (failure != null && !alreadyCompleted(failure)) {
            throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(failure);
          }
          if (failure != null) {
            log.debug("operator job {} of task {} was already completed", jobKey, taskId);
          }
          workItems.forget(taskId, jobKey);
          return null;
        });
  }

  /**
   * For the operator's own requests (finish, image unusable): completes the job and waits for Zeebe's answer, so
   * that the operator learns of a refusal (their work is in the journal already, and the request can be repeated).
   * The request threads are many; only the job worker's few threads must never wait.
   *
   * @throws RuntimeException Zeebe's refusal, as the client raised it
   */
  void handOn(String taskId) {
    try {
      completeIfWaiting(taskId).toCompletableFuture().join();
    } catch (CompletionException refused) {
      throw refused.getCause() instanceof RuntimeException cause ? cause : refused;
    }
  }

  /**
   * Whether Zeebe answered NOT_FOUND: the job was completed (or its instance ended) already. The future of a sent
   * command fails with gRPC's own exception; only {@code join()} wraps it in the client's, so both are looked for.
   */
  static boolean alreadyCompleted(Throwable failure) {
    Throwable cause = failure instanceof CompletionException wrapped && wrapped.getCause() != null
        ? wrapped.getCause() : failure;
    if (cause instanceof ClientStatusException gone) {
      return gone.getStatusCode() == Status.Code.NOT_FOUND;
    }
    return Status.fromThrowable(cause).getCode() == Status.Code.NOT_FOUND;
  }
}
