package dev.loupe.inference.server;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Triton's dynamic batcher for one model version: requests that arrive within the configured queue delay of the
 * first waiting one, and fit together (the same shapes past the batch dimension, the same outputs), run as one
 * batch of up to {@code max_batch_size}; each request gets its own rows of the outputs back. As many batches run at
 * a time as the model has instances ({@code instance_group} counts): one thread per instance, which forms its next
 * batch when it is free (one at a time, so two instances never split what would have been one batch) and runs it.
 * Requests beyond what the instances can run wait in the queue.
 */
final class DynamicBatcher implements AutoCloseable {

  /**
   * Runs one (possibly batched) inference: inputs by name, requested outputs, and how long each request of the batch
   * waited in the queue (nanoseconds, one entry per request); answers the outputs by name.
   */
  interface Execution {
    Map<String, RawTensor> run(Map<String, RawTensor> inputs, Set<String> outputs, long[] queuedNanos);
  }

  private record Pending(Map<String, RawTensor> inputs, Set<String> outputs, long batch, String key,
      CompletableFuture<Map<String, RawTensor>> result, long enqueuedAt) {}

  private final Execution execution;
  private final int maxBatchSize;
  private final long queueDelayNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final Deque<Pending> queue = new ArrayDeque<>();
  private final List<Thread> instances = new ArrayList<>();
  /** Held by the one instance forming a batch, while the others run theirs or wait their turn to form one. */
  private final ReentrantLock forming = new ReentrantLock(true);
  private final AtomicLong inferences = new AtomicLong();
  private final AtomicLong executions = new AtomicLong();
  private boolean closed;

  DynamicBatcher(String model, Execution execution, int maxBatchSize, long queueDelayMicros) {
    this(model, execution, maxBatchSize, queueDelayMicros, 1);
  }

  /** A batcher whose batches run on {@code instanceCount} instances at once. */
  DynamicBatcher(String model, Execution execution, int maxBatchSize, long queueDelayMicros, int instanceCount) {
    if (instanceCount < 1) {
      throw new IllegalArgumentException("a model needs at least one instance, not " + instanceCount);
    }
    this.execution = execution;
    this.maxBatchSize = maxBatchSize;
    this.queueDelayNanos = TimeUnit.MICROSECONDS.toNanos(queueDelayMicros);
    var threads = NativeThreads.factory("batcher-" + model);
    for (int i = 0; i < instanceCount; i++) {
      instances.add(threads.newThread(this::work));
    }
    instances.forEach(Thread::start);
  }

  /** Queues a request; the future completes with its outputs once its batch ran. */
  CompletableFuture<Map<String, RawTensor>> submit(Map<String, RawTensor> inputs, Set<String> outputs) {
    RawTensor first = inputs.values().iterator().next();
    Pending pending = new Pending(inputs, outputs, first.batch(), key(inputs, outputs), new CompletableFuture<>(),
        System.nanoTime());
    lock.lock();
    try {
      if (closed) {
        pending.result().completeExceptionally(unavailable());
      } else {
        queue.addLast(pending);
        arrived.signalAll();
      }
    } finally {
      lock.unlock();
    }
    return pending.result();
  }

  /** Requests served, and model executions that served them: their ratio is the mean batch size. */
  BatchingStats stats() {
    return new BatchingStats(inferences.get(), executions.get());
  }

  private void work() {
    while (true) {
      List<Pending> batch;
      try {
        batch = nextBatch();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) {
        return;
      }
      run(batch);
    }
  }

  /**
   * Once it is this instance's turn, waits for a first request, then up to the queue delay for others that fit with
   * it; null once closed.
   */
  private List<Pending> nextBatch() throws InterruptedException {
    forming.lockInterruptibly();
    try {
      return formBatch();
    } finally {
      forming.unlock();
    }
  }

  private List<Pending> formBatch() throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty() && !closed) {
        arrived.await();
      }
      if (closed) {
        return null;
      }
      long deadline = System.nanoTime() + queueDelayNanos;
      Pending first = queue.peekFirst();
      while (fitting(first) < maxBatchSize && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        arrived.awaitNanos(left);
      }
      List<Pending> batch = new ArrayList<>();
      long size = 0;
      for (Iterator<Pending> waiting = queue.iterator(); waiting.hasNext(); ) {
        Pending pending = waiting.next();
        if (pending.key().equals(first.key()) && size + pending.batch() <= maxBatchSize) {
          batch.add(pending);
          size += pending.batch();
          waiting.remove();
        }
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private long fitting(Pending first) {
    return queue.stream().filter(pending -> pending.key().equals(first.key())).mapToLong(Pending::batch).sum();
  }

  private void run(List<Pending> batch) {
    inferences.addAndGet(batch.size());
    executions.incrementAndGet();
    long started = System.nanoTime();
    long[] queued = batch.stream().mapToLong(pending -> started - pending.enqueuedAt()).toArray();
    try {
      if (batch.size() == 1) {
        batch.getFirst().result().complete(execution.run(batch.getFirst().inputs(), batch.getFirst().outputs(), queued));
        return;
      }
      Map<String, RawTensor> outputs = execution.run(concatenated(batch), batch.getFirst().outputs(), queued);
      long offset = 0;
      for (Pending pending : batch) {
        pending.result().complete(rows(outputs, offset, pending.batch()));
        offset += pending.batch();
      }
    } catch (RuntimeException e) {
      batch.forEach(pending -> pending.result().completeExceptionally(e));
    }
  }

  /** Each input of the batch's requests, joined along the batch dimension. */
  private static Map<String, RawTensor> concatenated(List<Pending> batch) {
    Map<String, RawTensor> joined = new LinkedHashMap<>();
    for (String name : batch.getFirst().inputs().keySet()) {
      RawTensor first = batch.getFirst().inputs().get(name);
      long rows = 0;
      ByteString data = ByteString.EMPTY;
      for (Pending pending : batch) {
        RawTensor tensor = pending.inputs().get(name);
        rows += tensor.batch();
        data = data.concat(tensor.data());
      }
      long[] shape = first.shape().clone();
      shape[0] = rows;
      joined.put(name, new RawTensor(first.datatype(), shape, data));
    }
    return joined;
  }

  /** Rows {@code [offset, offset + count)} of every output. */
  private static Map<String, RawTensor> rows(Map<String, RawTensor> outputs, long offset, long count) {
    Map<String, RawTensor> mine = new LinkedHashMap<>();
    outputs.forEach((name, tensor) -> {
      long rowBytes = tensor.data().size() / tensor.batch();
      long[] shape = tensor.shape().clone();
      shape[0] = count;
      mine.put(name, new RawTensor(tensor.datatype(), shape,
          tensor.data().substring(Math.toIntExact(offset * rowBytes), Math.toIntExact((offset + count) * rowBytes))));
    });
    return mine;
  }

  /** Requests that can share a batch: same inputs and data types, same shapes past the batch dimension. */
  private static String key(Map<String, RawTensor> inputs, Set<String> outputs) {
    StringBuilder key = new StringBuilder(outputs.toString());
    inputs.forEach((name, tensor) -> key.append('|').append(name).append(':').append(tensor.datatype())
        .append(Arrays.toString(Arrays.copyOfRange(tensor.shape(), 1, tensor.shape().length))));
    return key.toString();
  }

  private static RuntimeException unavailable() {
    return Status.UNAVAILABLE.withDescription("the model was unloaded while the request waited for its batch")
        .asRuntimeException();
  }

  /** Stops the instances once their batches ran; requests still waiting fail with UNAVAILABLE. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      queue.forEach(pending -> pending.result().completeExceptionally(unavailable()));
      queue.clear();
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try {
      for (Thread instance : instances) {
        instance.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
