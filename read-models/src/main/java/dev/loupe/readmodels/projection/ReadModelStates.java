package dev.loupe.readmodels.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Service;

/**
 * What ops ask of each read model: which index serves it, how far behind the journal it is, what waits in its dead
 * letters and quarantine, and its rebuild. The lag is also exported as gauges {@code loupe.read_models.lag.events}
 * and {@code loupe.read_models.lag.seconds} (tag {@code readModel}), asked of Kafka at most every two seconds, and
 * the dead letters waiting as {@code loupe.read_models.dead_letters.waiting}.
 */
@Service
public class ReadModelStates implements SmartInitializingSingleton {

  /**
   * One read model now.
   *
   * @param index the index behind the alias; {@code rebuildingInto} the one behind {@code <name>-next}, if any
   */
  public record ReadModelState(String name, String index, int indexVersion, String rebuildingInto,
      ReadModelLag.Lag lag, long deadLettersWaiting, List<Quarantine.QuarantinedStream> quarantined,
      RebuildStatus rebuild) {}

  private record CachedLags(Map<String, ReadModelLag.Lag> lags, Instant at) {}

  private final ReadModels readModels;
  private final ReadModelIndexes indexes;
  private final ReadModelLag lag;
  private final DeadLetters deadLetters;
  private final Quarantine quarantine;
  private final Rebuilds rebuilds;
  private final MeterRegistry meters;
  private volatile CachedLags lags;

  ReadModelStates(ReadModels readModels, ReadModelIndexes indexes, ReadModelLag lag, DeadLetters deadLetters,
      Quarantine quarantine, Rebuilds rebuilds, MeterRegistry meters) {
    this.readModels = readModels;
    this.indexes = indexes;
    this.lag = lag;
    this.deadLetters = deadLetters;
    this.quarantine = quarantine;
    this.rebuilds = rebuilds;
    this.meters = meters;
  }

  @Override
  public void afterSingletonsInstantiated() {
    Gauge.builder("loupe.read_models.dead_letters.waiting", deadLetters::waiting)
        .description("dead letters of every read model that wait to be replayed or discarded")
        .register(meters);
    for (Projection projection : readModels.all()) {
      ReadModelDefinition readModel = projection.definition();
      Gauge.builder("loupe.read_models.lag.events", () -> recentLag(readModel).events())
          .description("events in Kafka the read model has not projected yet")
          .tag("readModel", readModel.name())
          .register(meters);
      Gauge.builder("loupe.read_models.lag.seconds", () -> {
            Double seconds = recentLag(readModel).seconds();
            return seconds == null ? Double.NaN : seconds;
          })
          .description("while events wait: how long ago the newest event the read model projected was recorded")
          .tag("readModel", readModel.name())
          .baseUnit("seconds")
          .register(meters);
    }
  }

  public List<ReadModelState> all() {
    List<DeadLetter> waiting = deadLetters.list(true);
    return readModels.all().stream().map(projection -> state(projection.definition(), waiting)).toList();
  }

  public ReadModelState of(String name) {
    return state(readModels.get(name).definition(), deadLetters.list(true));
  }

  private ReadModelState state(ReadModelDefinition readModel, List<DeadLetter> waiting) {
    try {
      // the rebuild's status first: DONE is recorded after the alias moved, so the index read next is the new one, and
      // no answer says DONE beside the index it replaced
      RebuildStatus rebuild = rebuilds.status(readModel.name()).orElse(null);
      String index = indexes.current(readModel.name()).orElse(null);
      return new ReadModelState(readModel.name(), index,
          index == null ? 0 : ReadModelIndexes.versionOf(readModel.name(), index),
          indexes.current(readModel.nextAlias()).orElse(null),
          recentLag(readModel),
          waiting.stream().filter(letter -> letter.readModel().equals(readModel.name())).count(),
          quarantine.of(readModel.name()),
          rebuild);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The read model's lag as of at most two seconds ago; a stale one is asked of Kafka with every read model's. */
  private ReadModelLag.Lag recentLag(ReadModelDefinition readModel) {
    CachedLags cached = lags;
    if (cached == null || cached.at().isBefore(Instant.now().minusSeconds(2))) {
      synchronized (this) {
        cached = lags;
        if (cached == null || cached.at().isBefore(Instant.now().minusSeconds(2))) {
          cached = new CachedLags(lag.of(readModels.all().stream().map(Projection::definition).toList()), Instant.now());
          lags = cached;
        }
      }
    }
    return cached.lags().get(readModel.name());
  }
}
