package dev.loupe.inference.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.loupe.inference.Datatype;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {

  /** An execution that holds until the test releases it, and counts how many run at once. */
  private static final class CountingExecution implements DynamicBatcher.Execution {
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public Map<String, RawTensor> run(Map<String, RawTensor> inputs, Set<String> outputs, long[] queuedNanos) {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        running.decrementAndGet();
      }
      return Map.of("y", inputs.get("x"));
    }
  }

  @Test
  void shouldNeverRunMoreBatchesAtOnceThanTheModelHasInstances() {
    // given: two instances, and requests that cannot share a batch (max batch size 1)
    CountingExecution execution = new CountingExecution();
    try (DynamicBatcher batcher = new DynamicBatcher("m", execution, 1, 0, 2)) {

      // when
      List<CompletableFuture<Map<String, RawTensor>>> answers = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        answers.add(batcher.submit(Map.of("x", row(i)), Set.of("y")));
      }

      // then: two executions hold the instances and the rest wait; once released, every request is answered with its
      // own rows, never by more than two executions at once
      await().atMost(Duration.ofSeconds(10)).until(() -> execution.running.get() == 2);
      assertThat(answers).filteredOn(CompletableFuture::isDone).isEmpty();
      execution.release.countDown();
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).join().get("y").data()).isEqualTo(row(i).data());
      }
      assertThat(execution.mostAtOnce.get()).isEqualTo(2);
      assertThat(batcher.stats().executions()).isEqualTo(12);
    }
  }

  @Test
  void shouldRunOneBatchAtATimeWithOneInstance() {
    CountingExecution execution = new CountingExecution();
    try (DynamicBatcher batcher = new DynamicBatcher("m", execution, 1, 0)) {
      List<CompletableFuture<Map<String, RawTensor>>> answers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        answers.add(batcher.submit(Map.of("x", row(i)), Set.of("y")));
      }

      await().atMost(Duration.ofSeconds(10)).until(() -> execution.running.get() == 1);
      execution.release.countDown();
      answers.forEach(CompletableFuture::join);
      assertThat(execution.mostAtOnce.get()).isEqualTo(1);
    }
  }

  @Test
  void shouldStillBatchRequestsThatWaitWhileEveryInstanceIsBusy() throws InterruptedException {
    // given: one instance held busy by a first request
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    DynamicBatcher.Execution execution = (inputs, outputs, queued) -> {
      started.countDown();
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Map.of("y", inputs.get("x"));
    };
    try (DynamicBatcher batcher = new DynamicBatcher("m", execution, 8, 0, 1)) {
      CompletableFuture<Map<String, RawTensor>> first = batcher.submit(Map.of("x", row(100)), Set.of("y"));
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();

      // when: four more arrive meanwhile
      List<CompletableFuture<Map<String, RawTensor>>> waiting = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        waiting.add(batcher.submit(Map.of("x", row(i)), Set.of("y")));
      }
      release.countDown();

      // then: they run as one batch of four, each with its own row back
      first.join();
      for (int i = 0; i < waiting.size(); i++) {
        assertThat(waiting.get(i).join().get("y").data()).isEqualTo(row(i).data());
      }
      assertThat(batcher.stats()).isEqualTo(new BatchingStats(5, 2));
    }
  }

  @Test
  void shouldFailRequestsStillQueuedWhenClosed() {
    CountingExecution execution = new CountingExecution();
    DynamicBatcher batcher = new DynamicBatcher("m", execution, 1, 0, 2);
    List<CompletableFuture<Map<String, RawTensor>>> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      answers.add(batcher.submit(Map.of("x", row(i)), Set.of("y")));
    }

    await().atMost(Duration.ofSeconds(10)).until(() -> execution.running.get() == 2);

    CompletableFuture<Void> closed = CompletableFuture.runAsync(batcher::close);
    await().atMost(Duration.ofSeconds(10)).until(() -> answers.getLast().isCompletedExceptionally());
    execution.release.countDown();
    closed.join();

    assertThat(answers).allSatisfy(answer -> assertThat(answer).isDone());
    assertThat(answers).anySatisfy(answer -> assertThat(answer).isCompletedExceptionally());
  }

  /** One FP32 row of one value, {@code value}. */
  private static RawTensor row(int value) {
    return new RawTensor(Datatype.FP32, new long[] {1, 1},
        ByteString.copyFrom(new byte[] {(byte) value, 0, 0, 0}));
  }
}
