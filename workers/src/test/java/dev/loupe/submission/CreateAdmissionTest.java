package dev.loupe.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.task.TaskRejected;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class CreateAdmissionTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void shouldRefuseACreationBeyondTheLimitWithoutRunningItAndCountTheRefusal() throws Exception {
    // given: a limit of one, taken by a creation that has not finished
    CreateAdmission admission = new CreateAdmission(true, 1, 1, meters);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> first = heldCreation(admission, release);
    AtomicInteger ran = new AtomicInteger();

    // when / then
    assertThatThrownBy(() -> admission.admit(ran::incrementAndGet, counted -> true))
        .isInstanceOfSatisfying(CreateAdmission.AtCapacity.class, refused -> {
          assertThat(refused.retryAfterSeconds()).isEqualTo(1);
          assertThat(refused.getMessage()).contains("nothing was recorded", "same Idempotency-Key");
        });
    assertThat(ran).hasValue(0);
    assertThat(meters.counter("loupe.admission.refused").count()).isEqualTo(1);
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
  }

  @Test
  void shouldGiveTheSlotBackWhenACreationIsRejectedOrFails() {
    // given
    CreateAdmission admission = new CreateAdmission(true, 1, 1, meters);

    // when
    assertThatThrownBy(() -> admission.admit(() -> {
      throw new TaskRejected(TaskRejected.Reason.INVALID, "type", "unknown");
    }, counted -> true)).isInstanceOf(TaskRejected.class);
    assertThatThrownBy(() -> admission.admit(() -> {
      throw new DataAccessResourceFailureException("database gone");
    }, counted -> true)).isInstanceOf(DataAccessResourceFailureException.class);

    // then
    assertThat(admission.admit(() -> "admitted", counted -> true)).isEqualTo("admitted");
    assertThat(meters.get("loupe.admission.inflight").gauge().value()).isZero();
  }

  @Test
  void shouldShrinkTheLimitWhenTheDatabaseDoesNotAnswerButNotForTheRequestsOwnFailuresOrRepeats() {
    // given: a first creation recorded, which gives Vegas the round trip it compares later ones with
    CreateAdmission admission = new CreateAdmission(true, 10, 20, meters);
    admission.admit(() -> "created", counted -> true);

    // when: a rejected request, and a repeat that found its task recorded already
    assertThatThrownBy(() -> admission.admit(() -> {
      throw new TaskRejected(TaskRejected.Reason.CONFLICT, "key used for another request");
    }, counted -> true)).isInstanceOf(TaskRejected.class);
    admission.admit(() -> "found", counted -> false);

    // then
    assertThat(admission.limit()).isEqualTo(10);

    // when: the database did not answer
    assertThatThrownBy(() -> admission.admit(() -> {
      throw new DataAccessResourceFailureException("connection refused");
    }, counted -> true)).isInstanceOf(DataAccessResourceFailureException.class);

    // then
    assertThat(admission.limit()).isLessThan(10);
  }

  @Test
  void shouldTakeEveryCreationWhenDisabled() throws Exception {
    // given: disabled, with a limit of one taken
    CreateAdmission admission = new CreateAdmission(false, 1, 1, meters);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<String> first = heldCreation(admission, release);

    // when / then
    assertThat(admission.admit(() -> "second", counted -> true)).isEqualTo("second");
    release.countDown();
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
  }

  @Test
  void shouldRefuseALimitBelowOneOrAMaximumBelowTheInitialLimit() {
    assertThatThrownBy(() -> new CreateAdmission(true, 0, 10, meters))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("initial-limit");
    assertThatThrownBy(() -> new CreateAdmission(true, 20, 10, meters))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-limit");
  }

  /** A creation admitted and running, until {@code release}; answers once it is running. */
  private static CompletableFuture<String> heldCreation(CreateAdmission admission, CountDownLatch release)
      throws InterruptedException {
    CountDownLatch running = new CountDownLatch(1);
    CompletableFuture<String> creation = CompletableFuture.supplyAsync(() -> admission.admit(() -> {
      running.countDown();
      await(release);
      return "first";
    }, counted -> true));
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    return creation;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
