package dev.loupe.benchmarks.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The projection-only steps: well-formed task streams ({@link TaskEnvelopes}) written straight to an events topic,
 * measuring the read side alone. Flat out: a batch of streams published as fast as the producer goes, then
 * events/s until every document stands at its stream's last version. Paced: a publisher at a fixed events/s for a
 * fixed time, sampling publish → document at that version (every tenth event) by {@code _mget} every 25 ms. The
 * same steps run against Loupe (its topic and {@code tasks} alias) and against the {@link BaselineProjector}.
 */
final class ProjectionStep {

  private static final Logger log = LoggerFactory.getLogger(ProjectionStep.class);
  /** Streams interleaved at a time: their events alternate on the topic, as concurrent tasks' do. */
  private static final int ACTIVE_STREAMS = 100;
  private static final int SAMPLE_EVERY = 10;

  /** What a projection-only step measured. */
  static final class Result {
    final String system;
    final String workload;
    int events;
    int applied;
    double publishSeconds;
    double seconds;
    boolean complete;
    double offeredEventsPerSecond = Double.NaN;
    /** Events the projector handled per second in the step, all of them (a backlog's too), from its own count. */
    double projectorEventsPerSecond = Double.NaN;
    final Samples lag = new Samples();

    Result(String system, String workload) {
      this.system = system;
      this.workload = workload;
    }

    double eventsPerSecond() {
      return seconds > 0 ? applied / seconds : Double.NaN;
    }
  }

  private final ReadSide readSide;
  private final String topic;
  private final String index;
  private final String system;
  private final String bootstrap;
  private final java.util.function.DoubleSupplier handled;

  /**
   * @param handled how many events the projector has handled so far (applied or skipped), NaN when unknown
   */
  ProjectionStep(ReadSide readSide, String system, String bootstrap, String topic, String index,
      java.util.function.DoubleSupplier handled) {
    this.handled = handled;
    this.readSide = readSide;
    this.system = system;
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.index = index;
  }

  /** Publishes {@code events} (rounded up to whole streams) flat out, then waits for all of them, at most {@code timeout}. */
  Result flatOut(int events, Duration timeout) throws IOException, InterruptedException {
    Result result = new Result(system, "flat out");
    int streams = Math.ceilDiv(events, TaskEnvelopes.TYPES.size());
    List<String> ids = new ArrayList<>();
    double handledBefore = handled.getAsDouble();
    double start = Clock.now();
    try (KafkaProducer<String, String> producer = producer()) {
      long position = System.currentTimeMillis() * 1000;
      for (int from = 0; from < streams; from += ACTIVE_STREAMS) {
        List<String> group = new ArrayList<>();
        for (int s = from; s < Math.min(streams, from + ACTIVE_STREAMS); s++) {
          group.add(TaskEnvelopes.newStreamId());
        }
        ids.addAll(group);
        for (int version = 0; version <= TaskEnvelopes.LAST_VERSION; version++) {
          for (String stream : group) {
            producer.send(new ProducerRecord<>(topic, stream, TaskEnvelopes.envelope(stream, version, position++)));
          }
        }
      }
      producer.flush();
    }
    result.events = streams * TaskEnvelopes.TYPES.size();
    result.publishSeconds = (Clock.now() - start) / 1000;
    log.info("{}: published {} events in {} s; waiting for the read model", system, result.events,
        String.format("%.1f", result.publishSeconds));
    List<String> docIds = ids.stream().map(id -> id.substring("task-".length())).toList();
    long deadline = System.nanoTime() + timeout.toNanos();
    int applied = 0;
    double last = start;
    while (System.nanoTime() < deadline) {
      Map<String, Long> versions = readSide.versions(index, docIds);
      double now = Clock.now();
      int nowApplied = versions.values().stream().mapToInt(version -> (int) (version + 1)).sum();
      if (nowApplied > applied) {
        applied = nowApplied;
        last = now;
      }
      if (applied >= result.events) {
        break;
      }
      Thread.sleep(250);
    }
    result.applied = applied;
    result.complete = applied >= result.events;
    // incomplete: what was applied over the whole wait; complete: up to the moment the last document arrived
    result.seconds = (result.complete ? last - start : Clock.now() - start) / 1000;
    result.projectorEventsPerSecond = (handled.getAsDouble() - handledBefore) / ((Clock.now() - start) / 1000);
    log.info("{} flat out: {} of {} events in the read model, {} events/s", system, applied, result.events,
        StepResult.rate(result.eventsPerSecond()));
    return result;
  }

  /** Publishes at {@code rate} events/s for {@code duration}, then waits at most {@code drain} for the samples. */
  Result paced(int rate, Duration duration, Duration drain) throws InterruptedException {
    Result result = new Result(system, "paced " + rate + " events/s");
    result.offeredEventsPerSecond = rate;
    ConcurrentLinkedQueue<Sample> published = new ConcurrentLinkedQueue<>();
    LagProbe probe = new LagProbe(published, result.lag);
    Thread probeThread = new Thread(probe, "bench-lag-probe");
    probeThread.setDaemon(true);
    probeThread.start();
    double handledBefore = handled.getAsDouble();
    double start = Clock.now();
    int sent = 0;
    try (KafkaProducer<String, String> producer = producer()) {
      long began = System.nanoTime();
      long end = began + duration.toNanos();
      long position = System.currentTimeMillis() * 1000;
      List<String> group = new ArrayList<>();
      int version = 0;
      int inGroup = 0;
      while (System.nanoTime() < end) {
        long due = (long) ((System.nanoTime() - began) / 1e9 * rate);
        while (sent < due) {
          if (group.isEmpty()) {
            for (int s = 0; s < ACTIVE_STREAMS; s++) {
              group.add(TaskEnvelopes.newStreamId());
            }
            version = 0;
            inGroup = 0;
          }
          String stream = group.get(inGroup);
          producer.send(new ProducerRecord<>(topic, stream, TaskEnvelopes.envelope(stream, version, position++)));
          if (sent % SAMPLE_EVERY == 0) {
            published.add(new Sample(stream.substring("task-".length()), version, Clock.now()));
          }
          sent++;
          if (++inGroup == group.size()) {
            inGroup = 0;
            if (++version > TaskEnvelopes.LAST_VERSION) {
              group.clear();
            }
          }
        }
        Thread.sleep(5);
      }
      producer.flush();
    }
    result.events = sent;
    result.publishSeconds = (Clock.now() - start) / 1000;
    long deadline = System.nanoTime() + drain.toNanos();
    while (System.nanoTime() < deadline && probe.pending() > 0) {
      Thread.sleep(100);
    }
    probe.stop();
    probeThread.join(5000);
    double end = Clock.now();
    result.projectorEventsPerSecond = (handled.getAsDouble() - handledBefore) / ((end - start) / 1000);
    result.complete = probe.pending() == 0;
    probe.censorRest(end);
    // paced: the rate is the publisher's; whether the read model kept up shows in the lag
    result.applied = sent;
    result.seconds = result.publishSeconds;
    log.info("{} paced {} events/s: {} events, lag p50 {} p99 {} ({} samples, {} not in the read model by the end)",
        system, rate, sent, result.lag.format(50), result.lag.format(99), result.lag.count(), result.lag.censored());
    return result;
  }

  private KafkaProducer<String, String> producer() {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
    return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
  }

  private record Sample(String id, long version, double published) {}

  /** Resolves published samples: each one's lag is the first time its document stood at its version or later. */
  private final class LagProbe implements Runnable {
    private final ConcurrentLinkedQueue<Sample> incoming;
    private final Samples lag;
    private final List<Sample> pending = new ArrayList<>();
    private volatile boolean stop;

    LagProbe(ConcurrentLinkedQueue<Sample> incoming, Samples lag) {
      this.incoming = incoming;
      this.lag = lag;
    }

    @Override
    public void run() {
      while (!stop) {
        Sample sample;
        synchronized (pending) {
          while ((sample = incoming.poll()) != null) {
            pending.add(sample);
          }
        }
        List<Sample> snapshot;
        synchronized (pending) {
          snapshot = List.copyOf(pending);
        }
        if (!snapshot.isEmpty()) {
          try {
            Set<String> ids = new HashSet<>();
            snapshot.forEach(s -> ids.add(s.id()));
            Map<String, Long> versions = readSide.versions(index, List.copyOf(ids));
            double now = Clock.now();
            synchronized (pending) {
              pending.removeIf(s -> {
                Long stored = versions.get(s.id());
                if (stored != null && stored >= s.version()) {
                  lag.add(now - s.published());
                  return true;
                }
                return false;
              });
            }
          } catch (IOException e) {
            log.debug("lag probe: {}", e.getMessage());
          } catch (InterruptedException e) {
            return;
          }
        }
        try {
          Thread.sleep(25);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    int pending() {
      synchronized (pending) {
        return pending.size() + incoming.size();
      }
    }

    void stop() {
      stop = true;
    }

    void censorRest(double end) {
      synchronized (pending) {
        Sample sample;
        while ((sample = incoming.poll()) != null) {
          pending.add(sample);
        }
        pending.forEach(s -> lag.addCensored(end - s.published()));
        pending.clear();
      }
    }
  }
}
