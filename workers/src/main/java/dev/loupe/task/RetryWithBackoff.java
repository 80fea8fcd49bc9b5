package dev.loupe.task;

import dev.loupe.recipes.Recipes;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.exception.JobError;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.DefaultJobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How a worker's technical failure (a model server down, an image server's 5xx, the database away) reaches Zeebe:
 * the job fails with one retry less and comes back only after a backoff, so the retries are not spent in the same
 * second; the last failure leaves an incident whose message (Operate shows it) carries the cause, and the task's
 * journal records it (IncidentRaised), since the embedded engine has no Operate. A failure that says a server is down
 * ({@link Outage}: the model server unavailable) waits minutes instead of seconds ({@code loupe.jobs.outage-wait}, then
 * {@code loupe.jobs.outage-last-wait} before the last try), so an outage as long as the server's restart leaves no
 * incident (ADR 0032). BPMN errors and a worker's own job errors go through the Spring
 * SDK's handling unchanged; a job error with no retries left is recorded too.
 */
@Component
public class RetryWithBackoff implements JobExceptionHandlingStrategy {

  private static final Logger log = LoggerFactory.getLogger(RetryWithBackoff.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
  private static final int DOUBLINGS = 4;
  private static final int MAX_ERROR_LENGTH = 2000;

  /**
   * A worker's failure that says a server Loupe depends on is down, for as long as a restart of it takes (a minute or
   * more), not a request that failed once: its job waits {@link #duringOutage} before the next try.
   */
  public interface Outage {}

  private final DefaultJobExceptionHandlingStrategy sdk;
  private final TaskRepository tasks;
  private final Duration outageWait;
  private final Duration outageLastWait;

  RetryWithBackoff(CommandExceptionHandlingStrategy commands, MetricsRecorder metrics, TaskRepository tasks,
      @Value("${loupe.jobs.outage-wait:PT1M}") Duration outageWait,
      @Value("${loupe.jobs.outage-last-wait:PT5M}") Duration outageLastWait) {
    this.sdk = new DefaultJobExceptionHandlingStrategy(commands, metrics);
    this.tasks = tasks;
    if (outageWait.isNegative() || outageLastWait.isNegative()) {
      throw new IllegalArgumentException("loupe.jobs.outage-wait and outage-last-wait must not be negative, not "
          + outageWait + " and " + outageLastWait);
    }
    this.outageWait = outageWait;
    this.outageLastWait = outageLastWait;
  }

  @Override
  public void handleException(Exception exception, ExceptionHandlingContext context) throws Exception {
    if (exception instanceof CamundaError) {
      if (exception instanceof JobError jobError && retriesAfter(jobError, context.job()) == 0) {
        recordIncident(context.job(), jobError.getErrorMessage());
      }
      sdk.handleException(exception, context);
      return;
    }
    int retriesLeft = Math.max(0, context.job().getRetries() - 1);
    if (retriesLeft == 0) {
      recordIncident(context.job(), exception.toString());
    }
    log.warn("job {} ({}) failed, {} retries left: {}", context.job().getKey(), context.job().getType(), retriesLeft,
        exception.toString());
    Duration wait = outage(exception) ? duringOutage(retriesLeft, outageWait, outageLastWait) : before(retriesLeft);
    sdk.handleException(CamundaError.jobError(exception.toString(), null, retriesLeft, wait, exception), context);
  }

  /**
   * For a worker that fails its job itself (a FailJob command of its own, not an exception thrown to this handler):
   * records IncidentRaised as this handler does when the failure leaves no retries.
   */
  public void failedByHand(ActivatedJob job, int retriesLeft, String error) {
    if (retriesLeft == 0) {
      recordIncident(job, error);
    }
  }

  private static int retriesAfter(JobError error, ActivatedJob job) {
    return error.getRetries() == null ? Math.max(0, job.getRetries() - 1) : error.getRetries();
  }

  /**
   * Records IncidentRaised on the job's task, once per incident: the cause names the task's version, so the same
   * job failing again after the incident was closed is a new one. A job without a task, or a journal that cannot
   * take the event now, only logs: the job still fails, and Zeebe still raises its incident.
   */
  private void recordIncident(ActivatedJob job, String error) {
    Object taskId = job.getVariablesAsMap().get(Recipes.TASK_ID);
    if (!(taskId instanceof String id)) {
      return;
    }
    String message = error == null ? "" : error.substring(0, Math.min(error.length(), MAX_ERROR_LENGTH));
    try {
      long version = tasks.load(id).version();
      tasks.execute(id, new TaskCommand.RaiseIncident(job.getType(), job.getElementId(), job.getKey(), message),
          JobCauses.of(job) + ":incident:" + version, JobCauses.actor(job));
    } catch (RuntimeException notRecorded) {
      log.warn("job {} ({}) of task {} ran out of retries; IncidentRaised was not recorded: {}", job.getKey(),
          job.getType(), id, notRecorded.toString());
    }
  }

  private static boolean outage(Throwable exception) {
    for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
      if (cause instanceof Outage) {
        return true;
      }
    }
    return false;
  }

  /**
   * The wait before the next try while a server is down: {@code wait} (a minute by default), and {@code lastWait}
   * (five) before the last try, plus up to 20 % jitter. With the recipes' three tries and the defaults, a job rides
   * out an outage of six minutes.
   */
  public static Duration duringOutage(int retriesLeft, Duration wait, Duration lastWait) {
    Duration base = retriesLeft > 1 ? wait : lastWait;
    return base.plusMillis(ThreadLocalRandom.current().nextLong(base.toMillis() / 5 + 1));
  }

  /**
   * The wait before the next try: the fewer retries are left, the longer (2, 4, 8, then 16 s before the last one),
   * plus up to 20 % jitter so that jobs failing together do not come back together.
   */
  public static Duration before(int retriesLeft) {
    int doublings = DOUBLINGS - Math.clamp(retriesLeft, 1, DOUBLINGS);
    Duration base = FIRST_BACKOFF.multipliedBy(1L << doublings);
    return base.plusMillis(ThreadLocalRandom.current().nextLong(base.toMillis() / 5 + 1));
  }
}
