package dev.loupe.benchmarks.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-volume step: synthetic task streams appended straight to the running application's journal
 * ({@link JournalLoader}) while every projection runs, and how fast each read model catches up. Once a second it
 * reads, from Kafka, how many events the relay has published ({@link ReadSide#publishedEvents}) and each read
 * model's consumer group backlog ({@link ReadSide#backlogs}, the figure the application's lag is made of): a read
 * model has caught up when everything appended is on the topic and its backlog is 0. Its events/s are the appended
 * events over the time from the first append to then, so they include the journal's and the relay's time. Beside
 * it, another thread asks the application itself ({@code GET /api/v1/read-models}) once a second, and keeps what it
 * reports and how fast it answers.
 */
final class VolumeStep {

  private static final Logger log = LoggerFactory.getLogger(VolumeStep.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  /** The read models' consumer groups are this plus the read model's name. */
  static final String GROUP_PREFIX = "loupe-read-model-";

  /**
   * One read model's catch-up: seconds from the first append to backlog 0, NaN when it did not within the drain; the
   * highest backlog seen; and how many events it had handled when the last append returned (published − backlog then).
   */
  record CatchUp(String readModel, double seconds, long maxBacklog, long handledAtAppendEnd) {
    boolean caughtUp() {
      return !Double.isNaN(seconds);
    }
  }

  /** What the step measured. */
  static final class Result {
    JournalLoader.Appended appended;
    /** Seconds from the first append to the last appended event on the topic; NaN if it never got there. */
    double relaySeconds = Double.NaN;
    /** Seconds from the first append to the poll that found the appends done, and what was published by then. */
    double appendEndSeconds = Double.NaN;
    long publishedAtAppendEnd;
    final Map<String, CatchUp> readModels = new TreeMap<>();
    /** The stages' load from the first append until every read model caught up (or the drain ended). */
    List<StageLoad> stages = List.of();
    double windowSeconds = Double.NaN;
    /** What {@code GET /api/v1/read-models} said meanwhile. */
    final ReportedLag reported = new ReportedLag();

    double eventsPerSecond(double seconds) {
      return appended == null || Double.isNaN(seconds) ? Double.NaN : appended.events() / seconds;
    }

    /** Events/s the relay published between the appends' end and its last event: its pace with the journal idle. */
    double relayTailEventsPerSecond() {
      return appended == null ? Double.NaN
          : (appended.events() - publishedAtAppendEnd) / (relaySeconds - appendEndSeconds);
    }

    /** Events/s the read model handled between the appends' end and its catch-up. */
    double tailEventsPerSecond(CatchUp catchUp) {
      return appended == null || !catchUp.caughtUp() ? Double.NaN
          : (appended.events() - catchUp.handledAtAppendEnd()) / (catchUp.seconds() - appendEndSeconds);
    }
  }

  /** The application's own lag report during the step: its answer times, the polls it missed, the highest lag. */
  static final class ReportedLag {
    final Samples answerMillis = new Samples();
    int unanswered;
    final Map<String, Long> maxEvents = new TreeMap<>();
    final Map<String, Double> maxSeconds = new TreeMap<>();

    synchronized void add(JsonNode models) {
      for (JsonNode model : models) {
        String name = model.path("name").asText();
        maxEvents.merge(name, model.path("lag").path("events").asLong(), Math::max);
        JsonNode seconds = model.path("lag").path("seconds");
        if (seconds.isNumber()) {
          maxSeconds.merge(name, seconds.asDouble(), Math::max);
        }
      }
    }

    synchronized void missed() {
      unanswered++;
    }
  }

  private final LoupeApi api;
  private final ReadSide readSide;
  private final String postgresAddress;

  VolumeStep(LoupeApi api, ReadSide readSide, String postgresAddress) {
    this.api = api;
    this.readSide = readSide;
    this.postgresAddress = postgresAddress;
  }

  /** The backlog of each read model's consumer group, by read model name. */
  private Map<String, Long> backlogs() {
    Map<String, Long> byReadModel = new TreeMap<>();
    readSide.backlogs(group -> group.startsWith(GROUP_PREFIX))
        .forEach((group, backlog) -> byReadModel.put(group.substring(GROUP_PREFIX.length()), backlog));
    return byReadModel;
  }

  /**
   * Waits, at most {@code timeout}, until every read model's backlog is 0; answers those that still lag (name →
   * events), empty when all caught up.
   */
  Map<String, Long> awaitAllCaughtUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Long> lagging = new TreeMap<>();
    do {
      lagging.clear();
      Map<String, Long> backlogs = backlogs();
      if (backlogs.isEmpty()) {
        lagging.put("(Kafka did not answer)", -1L);
      }
      backlogs.forEach((name, backlog) -> {
        if (backlog != 0) {
          lagging.put(name, backlog);
        }
      });
      if (lagging.isEmpty()) {
        return lagging;
      }
      Thread.sleep(POLL.toMillis());
    } while (System.nanoTime() < deadline);
    return lagging;
  }

  Result run(SyntheticTasks tasks, E2eOptions options) throws Exception {
    Result result = new Result();
    List<String> names = List.copyOf(backlogs().keySet());
    long publishedBefore = readSide.publishedEvents();
    Map<String, Long> maxBacklog = new LinkedHashMap<>();
    Map<String, Long> handledAtAppendEnd = new LinkedHashMap<>();
    AtomicInteger appendedStreams = new AtomicInteger();
    int streams = options.volumeTasks();
    PrometheusSnapshot before = readSide.scrape();
    Thread sampler = new Thread(() -> sampleReportedLag(result.reported), "bench-read-models-report");
    sampler.setDaemon(true);
    long began = System.nanoTime();
    sampler.start();
    // a thread of this one, not the common pool's: it keeps the launcher's class loader, which the journal's
    // component scan needs
    ExecutorService appender = Executors.newSingleThreadExecutor();
    CompletableFuture<JournalLoader.Appended> appending = CompletableFuture.supplyAsync(() -> {
      try {
        return new JournalLoader(postgresAddress).append(tasks, streams, options.volumeWriters(),
            options.volumeStreamsPerCommit(), appendedStreams::set);
      } catch (Exception e) {
        throw new IllegalStateException("appending the synthetic streams failed: " + e, e);
      }
    }, appender);
    appender.shutdown();
    long deadline = Long.MAX_VALUE;
    long lastLog = System.nanoTime();
    try {
      while (true) {
        Thread.sleep(POLL.toMillis());
        double now = (System.nanoTime() - began) / 1e9;
        boolean appendsEnded = appending.isDone() && result.appended == null;
        if (appendsEnded) {
          result.appended = appending.join();
          deadline = System.nanoTime() + options.volumeDrainTimeout().toNanos();
        }
        long published = readSide.publishedEvents() - publishedBefore;
        if (result.appended != null && Double.isNaN(result.relaySeconds) && published >= result.appended.events()) {
          result.relaySeconds = now;
        }
        Map<String, Long> backlogs = backlogs();
        backlogs.forEach((name, backlog) -> maxBacklog.merge(name, backlog, Math::max));
        if (appendsEnded) {
          result.appendEndSeconds = now;
          result.publishedAtAppendEnd = published;
          backlogs.forEach((name, backlog) -> handledAtAppendEnd.put(name, published - backlog));
        }
        for (String name : names) {
          Long backlog = backlogs.get(name);
          if (!result.readModels.containsKey(name) && !Double.isNaN(result.relaySeconds) && backlog != null
              && backlog == 0) {
            result.readModels.put(name, new CatchUp(name, now, maxBacklog.get(name),
                handledAtAppendEnd.getOrDefault(name, 0L)));
          }
        }
        if (System.nanoTime() - lastLog > 10e9) {
          lastLog = System.nanoTime();
          log.info("volume: {} s, {} of {} streams appended, {} events published, backlogs {}", Math.round(now),
              appendedStreams.get(), streams, published, backlogs);
        }
        if (result.appended != null && result.readModels.keySet().containsAll(names)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          for (String name : names) {
            result.readModels.putIfAbsent(name, new CatchUp(name, Double.NaN, maxBacklog.getOrDefault(name, -1L),
                handledAtAppendEnd.getOrDefault(name, 0L)));
          }
          break;
        }
      }
    } finally {
      sampler.interrupt();
    }
    result.windowSeconds = (System.nanoTime() - began) / 1e9;
    result.stages = StageLoad.between(before, readSide.scrape(), result.windowSeconds,
        Runtime.getRuntime().availableProcessors());
    result.readModels.values().forEach(catchUp -> log.info("volume: {} caught up after {} s ({} events/s)",
        catchUp.readModel(), Math.round(catchUp.seconds()), StepResult.rate(result.eventsPerSecond(catchUp.seconds()))));
    log.info("volume: GET /api/v1/read-models answered in p50 {} p99 {}, missed {} polls, highest lag it reported {}",
        result.reported.answerMillis.format(50), result.reported.answerMillis.format(99), result.reported.unanswered,
        result.reported.maxEvents);
    return result;
  }

  /** Asks the application for its read models' lag once a second until interrupted. */
  private void sampleReportedLag(ReportedLag reported) {
    while (!Thread.currentThread().isInterrupted()) {
      long start = System.nanoTime();
      Optional<JsonNode> models = api.readModels();
      if (models.isPresent()) {
        reported.answerMillis.add((System.nanoTime() - start) / 1e6);
        reported.add(models.get());
      } else {
        reported.missed();
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
