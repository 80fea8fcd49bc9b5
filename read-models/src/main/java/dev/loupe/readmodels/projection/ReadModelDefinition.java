package dev.loupe.readmodels.projection;

/**
 * What a read model is in Elasticsearch and Kafka: its alias ({@code name}), the mapping of its index versions
 * ({@code <name>-v<N>}), how soon a write is searchable, and the consumer group that projects it.
 *
 * @param refreshInterval Elasticsearch's {@code index.refresh_interval}, set explicitly so an idle index never
 *     delays a search by a whole refresh
 */
public record ReadModelDefinition(String name, String mapping, String refreshInterval, String groupId) {

  /** The alias of the index a rebuild is filling, which projectors write to next to the live one. */
  public String nextAlias() {
    return name + "-next";
  }
}
