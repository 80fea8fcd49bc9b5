package dev.loupe.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FaultPointsTest {

  private final AtomicInteger halts = new AtomicInteger();

  @Test
  void unarmedPointsNeverHalt() {
    FaultPoints points = new FaultPoints("", 1, halts::incrementAndGet);

    FaultPoints.ALL.forEach(points::reached);

    assertThat(halts).hasValue(0);
  }

  @Test
  void haltsTheNthTimeAnArmedPointIsReachedAndNeverForAnotherPoint() {
    FaultPoints points = new FaultPoints(FaultPoints.AFTER_APPEND + "," + FaultPoints.AFTER_CALLBACK, 3,
        halts::incrementAndGet);

    points.reached(FaultPoints.RELAY_AFTER_SEND);
    points.reached(FaultPoints.AFTER_APPEND);
    points.reached(FaultPoints.AFTER_CALLBACK);
    assertThat(halts).hasValue(0);
    points.reached(FaultPoints.AFTER_APPEND);

    assertThat(halts).hasValue(1);
    assertThat(points.reachedCount(FaultPoints.AFTER_APPEND)).isEqualTo(2);
    assertThat(points.reachedCount(FaultPoints.RELAY_AFTER_SEND)).isZero();
  }

  @Test
  void refusesAnUnknownPointNamingTheKnownOnes() {
    assertThatThrownBy(() -> new FaultPoints("after-apend", 1, halts::incrementAndGet))
        .hasMessageContaining("unknown fault points [after-apend]").hasMessageContaining(FaultPoints.AFTER_APPEND);
  }

  @Test
  void runsTheRegisteredOutageInsteadOfHaltingWhenAnOutagePointIsReachedTheNthTime() {
    FaultPoints points = new FaultPoints(FaultPoints.MODEL_SERVER_OUTAGE, 2, halts::incrementAndGet);
    AtomicInteger outages = new AtomicInteger();
    points.registerOutage(FaultPoints.MODEL_SERVER_OUTAGE, outages::incrementAndGet);

    points.reached(FaultPoints.MODEL_SERVER_OUTAGE);
    assertThat(outages).hasValue(0);
    points.reached(FaultPoints.MODEL_SERVER_OUTAGE);
    points.reached(FaultPoints.MODEL_SERVER_OUTAGE);

    assertThat(outages).as("once, the second time").hasValue(1);
    assertThat(halts).hasValue(0);
  }
}
