package dev.loupe.demand;

import dev.loupe.demand.Demand.Figures;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.StreamHeadFilter;
import dev.loupe.operatorwork.Teams;
import dev.loupe.readmodels.tasks.TaskViews;
import dev.loupe.task.Task;
import dev.loupe.task.TaskTypes;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Samples the demand every {@code loupe.demand.sample-every} (a second) on a thread of its own, so that no other
 * scheduled work delays it, and exports the latest sample as gauges: {@code loupe.demand.queued}, {@code
 * .in.process}, {@code .capacity} and {@code .spare}, tagged {@code kind} ({@code task} or {@code job}) and {@code
 * type} (Prometheus: {@code loupe_demand_queued{kind,type}}, ...). A sample is three reads, whatever the number of
 * types: one aggregation of the tasks read model, one query of the teams, one count of the journal's stream heads.
 * A sample that fails keeps the previous one, whose {@code sampledAt} then ages.
 */
@Component
class DemandSampler implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DemandSampler.class);
  /** The field of TaskCreated that names the task's type. */
  static final String TASK_TYPE_FIELD = "type";
  private static final StreamHeadFilter TASKS_AT_A_JOB = StreamHeadFilter.lastEventIn(Task.streamId(""),
      NextJob.EVENTS.toArray(String[]::new));

  /** One of the four gauges of each task type and job type: a figure of {@link Figures}. */
  private record DemandGauge(String meterName, String description, ToLongFunction<Figures> figure) {}

  private static final List<DemandGauge> GAUGES = List.of(
      new DemandGauge("loupe.demand.queued", "work waiting to be started", Figures::queued),
      new DemandGauge("loupe.demand.in.process", "work being done", Figures::inProcess),
      new DemandGauge("loupe.demand.capacity", "work that could be done at once", Figures::capacity),
      new DemandGauge("loupe.demand.spare", "capacity less the work being done", Figures::spare));

  private final TaskViews taskViews;
  private final Teams teams;
  private final EventJournal journal;
  private final WorkerLoad workers;
  private final Duration every;
  private final AtomicReference<Demand> latest = new AtomicReference<>(
      DemandDerivation.derive(null, Map.of(), Map.of(), List.of(), Map.of()));
  private final AtomicBoolean failing = new AtomicBoolean();
  private ScheduledExecutorService sampling;

  DemandSampler(TaskViews taskViews, Teams teams, EventJournal journal, WorkerLoad workers, MeterRegistry meters,
      @Value("${loupe.demand.sample-every:PT1S}") Duration every) {
    if (every.toMillis() < 1) {
      throw new IllegalArgumentException("loupe.demand.sample-every must be a millisecond or more, not " + every);
    }
    this.taskViews = taskViews;
    this.teams = teams;
    this.journal = journal;
    this.workers = workers;
    this.every = every;
    register(meters, "task", TaskTypes.ALL.stream().sorted().toList(), Demand::tasks);
    register(meters, "job", NextJob.JOB_TYPES, Demand::jobs);
  }

  /** The latest sample; before the first one, zeros sampled at no time ({@code sampledAt} null). */
  Demand latest() {
    return latest.get();
  }

  /** Samples now, keeps the sample as the latest and returns it. */
  Demand sample() {
    Demand demand = DemandDerivation.derive(Instant.now(), taskViews.operatorWorkPerType(),
        teams.membersPerTaskType(TaskTypes.ALL), journal.countStreamHeads(TASKS_AT_A_JOB, TASK_TYPE_FIELD),
        workers.of(NextJob.JOB_TYPES));
    latest.set(demand);
    return demand;
  }

  private void sampleAndKeepGoing() {
    try {
      sample();
      if (failing.compareAndSet(true, false)) {
        log.info("Sampling the demand works again");
      }
    } catch (RuntimeException e) {
      if (failing.compareAndSet(false, true)) {
        log.warn("Could not sample the demand; the gauges keep the sample of {} until it works again",
            latest().sampledAt(), e);
      }
    }
  }

  private void register(MeterRegistry meters, String kind, List<String> types,
      Function<Demand, List<Figures>> figuresOfKind) {
    for (String type : types) {
      for (DemandGauge gauge : GAUGES) {
        Gauge.builder(gauge.meterName(), this, sampler -> figuresOfKind.apply(sampler.latest()).stream()
                .filter(figures -> figures.type().equals(type))
                .mapToLong(gauge.figure())
                .sum())
            .description(gauge.description())
            .tag("kind", kind)
            .tag("type", type)
            .register(meters);
      }
    }
  }

  @Override
  public void start() {
    sampling = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("loupe-demand").daemon().factory());
    sampling.scheduleWithFixedDelay(this::sampleAndKeepGoing, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    sampling.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return sampling != null && !sampling.isShutdown();
  }
}
