package dev.loupe.demand;

import dev.loupe.demand.DemandDerivation.JobLoad;
import io.camunda.client.CamundaClient;
import io.camunda.client.jobhandling.JobWorkerManager;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The job workers' own figures on this instance, per job type. In process: the jobs a worker holds, counted by the
 * Camunda client itself ({@code camunda.client.worker.job}: {@code activated} when a job reaches the worker, by poll
 * or stream, {@code handled} when its handler returns), so jobs activated and waiting for an execution thread count
 * too: Zeebe's timeout runs for them. Capacity: the worker's {@code maxJobsActive} as the Spring SDK opened it (one
 * left unset, which the SDK records as -1, is the client's {@code camunda.client.worker.defaults.max-jobs-active}).
 */
@Component
class WorkerLoad {

  /** The counter the Camunda client's job workers record through the SDK's Micrometer metrics recorder. */
  static final String JOB_METRIC = "camunda.client.worker.job";

  private final MeterRegistry meters;
  private final JobWorkerManager workers;
  private final CamundaClient camunda;

  WorkerLoad(MeterRegistry meters, JobWorkerManager workers, CamundaClient camunda) {
    this.meters = meters;
    this.workers = workers;
    this.camunda = camunda;
  }

  /** Per job type, what this instance's worker holds and may hold; a type without an open worker may hold none. */
  Map<String, JobLoad> of(Collection<String> jobTypes) {
    Map<String, JobLoad> loads = new LinkedHashMap<>();
    jobTypes.forEach(type -> loads.put(type, new JobLoad(active(type), capacity(type))));
    return loads;
  }

  /** The jobs every worker of this instance holds, the operators' user tasks' included. */
  long activeJobs() {
    return meters.find(JOB_METRIC).tag("action", "activated").counters().stream()
        .map(counter -> counter.getId().getTag("type"))
        .distinct()
        .mapToLong(this::active)
        .sum();
  }

  private long active(String jobType) {
    return Math.max(0, Math.round(count(jobType, "activated") - count(jobType, "handled")));
  }

  private double count(String jobType, String action) {
    Counter counter = meters.find(JOB_METRIC).tag("action", action).tag("type", jobType).counter();
    return counter == null ? 0 : counter.count();
  }

  private long capacity(String jobType) {
    int defaultMaxJobsActive = camunda.getConfiguration().getDefaultJobWorkerMaxJobsActive();
    return workers.findJobWorkerConfigByType(jobType)
        .filter(worker -> !Boolean.FALSE.equals(worker.getEnabled()))
        .map(worker -> worker.getMaxJobsActive() == null || worker.getMaxJobsActive() <= 0
            ? defaultMaxJobsActive
            : worker.getMaxJobsActive())
        .orElse(0)
        .longValue();
  }
}
