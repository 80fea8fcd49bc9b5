package dev.loupe.demand;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.jobhandling.JobWorkerManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;

class WorkerDrainTest {

  /** What happened, in order: the workers closed, and each look at the jobs they held (with the count). */
  private final List<String> happened = new ArrayList<>();

  private final JobWorkerManager workers = new JobWorkerManager(null, null, null, null, null, null) {
    @Override
    public void closeAllOpenWorkers() {
      happened.add("closed");
    }
  };

  @Test
  void shouldCloseTheWorkersThenWaitUntilTheyHoldNoJob() {
    // given: workers holding two jobs, one handled between each look
    long[] held = {2};
    WorkerDrain drain = new WorkerDrain(workers, looked(() -> held[0] == 0 ? 0 : held[0]--), Duration.ofMinutes(1));
    drain.start();

    // when
    drain.stop();

    // then
    assertThat(happened).containsExactly("closed", "held 2", "held 1", "held 0");
    assertThat(drain.isRunning()).isFalse();
  }

  @Test
  void shouldLeaveTheJobsStillHeldAfterTheTimeoutToZeebe() {
    WorkerDrain drain = new WorkerDrain(workers, looked(() -> 1), Duration.ZERO);
    drain.start();

    drain.stop();

    assertThat(happened).containsExactly("closed", "held 1");
  }

  @Test
  void shouldStopBeforeTheWebServersGracefulShutdown() {
    assertThat(new WorkerDrain(workers, () -> 0, Duration.ZERO).getPhase())
        .isGreaterThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
  }

  private LongSupplier looked(LongSupplier jobs) {
    return () -> {
      long count = jobs.getAsLong();
      happened.add("held " + count);
      return count;
    };
  }
}
