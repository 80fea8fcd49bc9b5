package dev.loupe.benchmarks.append;

/**
 * What each writer does in a loop: append {@code eventsPerAppend} task events to a new stream.
 *
 * @param name {@code single} (one event per append, as a command does) or {@code batch}
 */
public record Workload(String name, int eventsPerAppend) {

  public static Workload single() {
    return new Workload("single", 1);
  }

  public static Workload batch(int eventsPerAppend) {
    return new Workload("batch", eventsPerAppend);
  }
}
