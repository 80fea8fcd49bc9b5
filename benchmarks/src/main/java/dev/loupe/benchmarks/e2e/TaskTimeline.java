package dev.loupe.benchmarks.e2e;

/**
 * What the harness saw of one task, as {@link Clock} instants (epoch milliseconds, from a monotonic clock):
 * 0 means not (yet) seen.
 */
final class TaskTimeline {

  final String key;
  volatile String taskId;
  volatile double createSent;
  volatile double createAnswered;
  volatile double waitingSeen;
  /** Whether the inbox probe watches this task ({@link TaskStep}: every other operator-path task). */
  volatile boolean probed;
  /** When the inbox probe first found it searchable at WAITING_FOR_OPERATOR or later. */
  volatile double searchableSeen;
  volatile double claimed;
  volatile double finishSent;
  volatile double finishAnswered;
  volatile double callbackArrived;
  volatile double doneSeen;
  volatile String failure;

  TaskTimeline(String key) {
    this.key = key;
  }

  boolean done() {
    return doneSeen > 0;
  }
}
