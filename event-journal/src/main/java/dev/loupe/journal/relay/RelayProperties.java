package dev.loupe.journal.relay;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the journal → Kafka relay ({@code loupe.relay.*}). The database it reads is the
 * application's datasource; its user needs the REPLICATION privilege.
 *
 * @param enabled whether this instance runs the relay
 * @param slotName the PostgreSQL logical replication slot
 * @param publicationName the pgoutput publication of the journal table
 * @param topicPrefix events of aggregate type {@code t} go to topic {@code <prefix>.t}
 * @param partitions partitions of each events topic created by Loupe: the most consumers a read model can run
 *     side by side (a topic that exists with fewer gets more; streams then move partition, which projections' gap
 *     repair absorbs)
 * @param offsetFlushInterval how often Debezium stores its offsets in PostgreSQL
 * @param heartbeatInterval how often the relay writes a heartbeat, so its slot advances on a quiet database
 * @param pollInterval how long Debezium sleeps when the replication stream had nothing (its default, 500 ms,
 *     was most of the relay's lag)
 */
@ConfigurationProperties("loupe.relay")
public record RelayProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("loupe_journal") String slotName,
    @DefaultValue("loupe_journal") String publicationName,
    @DefaultValue("loupe.events") String topicPrefix,
    @DefaultValue("12") int partitions,
    @DefaultValue("1s") Duration offsetFlushInterval,
    @DefaultValue("10s") Duration heartbeatInterval,
    @DefaultValue("25ms") Duration pollInterval) {

  /** The topic that carries the events of one aggregate type. */
  public String topicFor(String aggregateType) {
    return topicPrefix + "." + aggregateType;
  }
}
