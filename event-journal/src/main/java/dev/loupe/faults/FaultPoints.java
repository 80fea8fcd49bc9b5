package dev.loupe.faults;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named places in the code where a crash hurts most, for chaos runs: off unless the JVM is started with
 * {@code -Dloupe.fault-points=<point>[,<point>…]}, then the JVM halts (as SIGKILL would: no shutdown hook, no
 * flush) the {@code -Dloupe.fault-points.at=<n>}th time (default 1) one of the armed points is reached. It logs
 * which first (the console appender writes as it logs), for the harness to count. A point with an outage registered
 * ({@link #onReach}) runs the outage instead of halting: the model server, which runs in Loupe's JVM, is stopped
 * that way (ADR 0032). In production nothing sets the property, and {@link #reach} is one empty-set check.
 */
public final class FaultPoints {

  private static final Logger log = LoggerFactory.getLogger(FaultPoints.class);

  public static final String ARMED = "loupe.fault-points";
  public static final String AT = "loupe.fault-points.at";

  /** A job's events are in the journal; the job is not completed in Zeebe yet. */
  public static final String AFTER_APPEND = "after-append";
  /** The client accepted the callback; {@code TaskReported} is not in the journal yet. */
  public static final String AFTER_CALLBACK = "after-callback";
  /** The relay's batch is in Kafka; its offsets are not stored yet. */
  public static final String RELAY_AFTER_SEND = "relay-after-send";
  /** A projector's batch is indexed; the consumer's offsets are not committed yet. */
  public static final String PROJECTOR_AFTER_INDEX = "projector-after-index";

  /**
   * A detection is about to call the model server. Armed, the embedded model server stops for
   * {@code -Dloupe.fault-points.outage-seconds} (default 60) and starts again; the JVM goes on.
   */
  public static final String MODEL_SERVER_OUTAGE = "model-server-outage";
  public static final String OUTAGE_SECONDS = "loupe.fault-points.outage-seconds";

  /** The points where the JVM halts. */
  public static final Set<String> HALTING = Set.of(AFTER_APPEND, AFTER_CALLBACK, RELAY_AFTER_SEND,
      PROJECTOR_AFTER_INDEX);
  public static final Set<String> ALL = Set.of(AFTER_APPEND, AFTER_CALLBACK, RELAY_AFTER_SEND, PROJECTOR_AFTER_INDEX,
      MODEL_SERVER_OUTAGE);

  private static final FaultPoints ARMED_HERE = new FaultPoints(System.getProperty(ARMED, ""),
      Integer.getInteger(AT, 1), () -> Runtime.getRuntime().halt(137));

  private final Set<String> armed;
  private final int at;
  private final Runnable halt;
  private final AtomicInteger reached = new AtomicInteger();
  private final Map<String, AtomicInteger> reachedPerPoint = new ConcurrentHashMap<>();
  private final Map<String, Runnable> outages = new ConcurrentHashMap<>();

  FaultPoints(String armed, int at, Runnable halt) {
    this.armed = Arrays.stream(armed.split(",")).map(String::trim).filter(point -> !point.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
    Set<String> unknown = this.armed.stream().filter(point -> !ALL.contains(point)).collect(Collectors.toSet());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(ARMED + " names unknown fault points " + unknown + "; known: " + ALL);
    }
    this.at = at;
    this.halt = halt;
  }

  /** This JVM's fault points: reaches the point, and halts the JVM where the chaos run armed it. */
  public static void reach(String point) {
    ARMED_HERE.reached(point);
  }

  /** What happens instead of a halt when this JVM reaches {@code point} armed: an outage of one server. */
  public static void onReach(String point, Runnable outage) {
    ARMED_HERE.registerOutage(point, outage);
  }

  /** Whether {@code point} is armed in this JVM. */
  public static boolean armed(String point) {
    return ARMED_HERE.armed.contains(point);
  }

  void registerOutage(String point, Runnable outage) {
    outages.put(point, outage);
  }

  void reached(String point) {
    if (armed.isEmpty() || !armed.contains(point)) {
      return;
    }
    reachedPerPoint.computeIfAbsent(point, name -> new AtomicInteger()).incrementAndGet();
    if (reached.incrementAndGet() != at) {
      return;
    }
    Runnable outage = outages.get(point);
    if (outage == null) {
      log.error("loupe fault point {} reached: halting the JVM", point);
      halt.run();
    } else {
      log.error("loupe fault point {} reached: an outage begins", point);
      outage.run();
    }
  }

  int reachedCount(String point) {
    return reachedPerPoint.getOrDefault(point, new AtomicInteger()).get();
  }
}
