package dev.loupe.demand;

import dev.loupe.demand.Demand.Figures;
import dev.loupe.journal.StreamHeadCount;
import dev.loupe.readmodels.tasks.TaskViews.OperatorWork;
import dev.loupe.task.TaskTypes;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The demand figures from what one sample read: a pure function of the read model's, the journal's and the workers'. */
final class DemandDerivation {

  /** What a job worker of this instance holds now (activated, not yet handled), and may hold at most. */
  record JobLoad(long active, long capacity) {

    static final JobLoad NONE = new JobLoad(0, 0);
  }

  private DemandDerivation() {}

  /**
   * @param operatorWork per task type, the tasks waiting for an operator and those claimed (the tasks read model)
   * @param operators per task type, the people in a team given it
   * @param taskHeads unfinished tasks counted per task type and last event (the journal's stream heads)
   * @param jobLoads per job type, this instance's worker
   */
  static Demand derive(Instant sampledAt, Map<String, OperatorWork> operatorWork, Map<String, Long> operators,
      List<StreamHeadCount> taskHeads, Map<String, JobLoad> jobLoads) {
    List<Figures> tasks = TaskTypes.ALL.stream().sorted().map(type -> {
      OperatorWork work = operatorWork.getOrDefault(type, new OperatorWork(0, 0));
      return Figures.of(type, work.waiting(), work.claimed(), operators.getOrDefault(type, 0L));
    }).toList();
    Map<String, Long> due = new HashMap<>();
    taskHeads.forEach(heads -> NextJob.after(heads.firstEventField(), heads.lastEventType())
        .ifPresent(jobType -> due.merge(jobType, heads.streams(), Long::sum)));
    List<Figures> jobs = NextJob.JOB_TYPES.stream().map(type -> {
      JobLoad load = jobLoads.getOrDefault(type, JobLoad.NONE);
      return Figures.of(type, Math.max(0, due.getOrDefault(type, 0L) - load.active()), load.active(), load.capacity());
    }).toList();
    return new Demand(sampledAt, tasks, jobs);
  }
}
