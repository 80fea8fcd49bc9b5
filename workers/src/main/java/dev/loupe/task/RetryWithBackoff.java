package dev.loupe.task;

import io.camunda.client.exception.CamundaError;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.DefaultJobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How a worker's technical failure (a model server down, an image server's 5xx, the database away) reaches Zeebe:
 * the job fails with one retry less and comes back only after a backoff, so the retries are not spent in the same
 * second; the last failure leaves an incident whose message (Operate shows it) carries the cause. BPMN errors and
 * a worker's own job errors go through the Spring SDK's handling unchanged.
 */
@Component
public class RetryWithBackoff implements JobExceptionHandlingStrategy {

  private static final Logger log = LoggerFactory.getLogger(RetryWithBackoff.class);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(2);
  private static final int DOUBLINGS = 4;

  private final DefaultJobExceptionHandlingStrategy sdk;

  RetryWithBackoff(CommandExceptionHandlingStrategy commands, MetricsRecorder metrics) {
    this.sdk = new DefaultJobExceptionHandlingStrategy(commands, metrics);
  }

  @Override
  public void handleException(Exception exception, ExceptionHandlingContext context) throws Exception {
    if (exception instanceof CamundaError) {
      sdk.handleException(exception, context);
      return;
    }
    int retriesLeft = Math.max(0, context.job().getRetries() - 1);
    log.warn("job {} ({}) failed, {} retries left: {}", context.job().getKey(), context.job().getType(), retriesLeft,
        exception.toString());
    sdk.handleException(CamundaError.jobError(exception.toString(), null, retriesLeft, before(retriesLeft), exception),
        context);
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
