package dev.loupe.demand;

import java.time.Instant;
import java.util.List;

/**
 * What Loupe has to do, as sampled at {@code sampledAt} (ADR 0025): per task type the operators' work, per job type
 * the job workers'. Each figure of a type is work waiting to be started ({@code queued}), work being done ({@code
 * inProcess}), and how much more could be started at once ({@code spare}, of {@code capacity}).
 *
 * @param tasks per task type, people's work: the whole system's figures, the same on every instance
 * @param jobs per job type, the job workers' work: {@code inProcess}, {@code capacity} and {@code spare} are this
 *     instance's; {@code queued} is the system's due jobs less this instance's in process
 */
public record Demand(Instant sampledAt, List<Figures> tasks, List<Figures> jobs) {

  /**
   * The demand for one task type or job type.
   *
   * @param queued waiting to be started: tasks in the operators' inbox; jobs whose task's journal says they are due and
   *     that no worker of this instance holds
   * @param inProcess being done: tasks claimed by an operator; jobs a worker of this instance holds (activated, not
   *     yet handled)
   * @param capacity at most at once: people in a team given the task type; the worker's max jobs active
   * @param spare {@code capacity} less {@code inProcess}, never below zero
   */
  public record Figures(String type, long queued, long inProcess, long capacity, long spare) {

    static Figures of(String type, long queued, long inProcess, long capacity) {
      return new Figures(type, queued, inProcess, capacity, Math.max(0, capacity - inProcess));
    }
  }

  public Demand {
    tasks = List.copyOf(tasks);
    jobs = List.copyOf(jobs);
  }
}
