package dev.loupe.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InferenceSlotsTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void shouldNeverRunMoreJobsAtOnceThanItHasSlots() throws Exception {
    // given: 2 slots and 8 jobs at once, as Zeebe's 8 execution threads hand them over
    InferenceSlots slots = new InferenceSlots(2, meters);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService jobs = Executors.newFixedThreadPool(8);
    try {
      // when
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int job = i;
        done.add(jobs.submit(() -> slots.call(() -> {
          mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
          awaitLatch(release);
          running.decrementAndGet();
          return job;
        })));
      }

      // then: two jobs hold the slots while the other six threads wait for one; once released, every job ran, two
      // at a time at most, and the waits were timed
      await().atMost(Duration.ofSeconds(10))
          .until(() -> running.get() == 2 && ((ThreadPoolExecutor) jobs).getActiveCount() == 8);
      assertThat(mostAtOnce.get()).isEqualTo(2);
      release.countDown();
      for (int i = 0; i < done.size(); i++) {
        assertThat(done.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
      }
      assertThat(mostAtOnce.get()).isEqualTo(2);
      assertThat(meters.get(InferenceSlots.WAIT_TIMER).timer().count()).isEqualTo(16);
      assertThat(slots.busy()).isZero();
    } finally {
      jobs.shutdownNow();
    }
  }

  @Test
  void shouldGiveTheSlotBackWhenTheWorkFails() {
    InferenceSlots slots = new InferenceSlots(1, meters);

    assertThatThrownBy(() -> slots.call(() -> {
      throw new DetectionFailed("model down");
    })).isInstanceOf(DetectionFailed.class);

    assertThat(slots.call(() -> "next")).isEqualTo("next");
    assertThat(slots.busy()).isZero();
  }

  @Test
  void shouldQueueJobsBeyondTheSlotsAndCountThem() throws Exception {
    // given: the one slot held
    InferenceSlots slots = new InferenceSlots(1, meters);
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService jobs = Executors.newFixedThreadPool(3);
    try {
      Future<String> first = jobs.submit(() -> slots.call(() -> {
        holding.countDown();
        awaitLatch(release);
        return "first";
      }));
      assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();

      // when
      Future<String> second = jobs.submit(() -> slots.call(() -> "second"));
      Future<String> third = jobs.submit(() -> slots.call(() -> "third"));

      // then: they wait, and the gauges say so, until the slot is free
      await().atMost(Duration.ofSeconds(5)).until(() -> slots.waiting() == 2);
      assertThat(meters.get("loupe.inference.slots.waiting").gauge().value()).isEqualTo(2);
      assertThat(meters.get("loupe.inference.slots.busy").gauge().value()).isEqualTo(1);
      release.countDown();
      assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("first");
      assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("second");
      assertThat(third.get(5, TimeUnit.SECONDS)).isEqualTo("third");
      assertThat(slots.waiting()).isZero();
    } finally {
      jobs.shutdownNow();
    }
  }

  @Test
  void shouldTakeOneSlotPerCoreUnlessConfigured() {
    assertThat(InferenceSlots.sizeFor(0)).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(InferenceSlots.sizeFor(3)).isEqualTo(3);
    assertThatThrownBy(() -> new InferenceSlots(0, meters)).hasMessageContaining("at least 1");
  }


  private static void awaitLatch(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
