package dev.loupe.readmodels.projection;

/**
 * What a read model is in Elasticsearch and Kafka: its alias ({@code name}), the mapping of its index versions
 * ({@code <name>-v<N>}), how soon a write is searchable, the consumer group that projects it, and the streams it
 * is built from.
 *
 * @param refreshInterval Elasticsearch's {@code index.refresh_interval}, set explicitly so an idle index never
 *     delays a search by a whole refresh; set on every new index version and, at start-up, on the current one
 * @param aggregateType the streams it projects, {@code <aggregateType>-<id>}: the ones the relay publishes on
 *     topic {@code <prefix>.<aggregateType>}; a rebuild reads only these from the journal
 */
public record ReadModelDefinition(String name, String mapping, String refreshInterval, String groupId,
    String aggregateType) {

  /** Whether the read model is built from this stream. */
  public boolean projects(String streamId) {
    return streamId.startsWith(aggregateType + "-");
  }

  /** The same read model, searchable {@code interval} after a write instead. */
  public ReadModelDefinition withRefreshInterval(String interval) {
    return new ReadModelDefinition(name, mapping, interval, groupId, aggregateType);
  }

  /** The alias of the index a rebuild is filling, which projectors write to next to the live one. */
  public String nextAlias() {
    return name + "-next";
  }
}
