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
