package dev.loupe.journal.relay;

import java.time.Duration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Configuration of the journal → Kafka relay ({@code loupe.relay.*}). The database it reads is the
 * application's datasource, as a role of its own: one with the REPLICATION attribute and SELECT on the journal,
 * which the application's role must not have (docs/adr/0018-database-roles.md).
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
 * @param username the replication role; unset: the application's datasource user (a database with one role for
 *     everything, a throwaway one)
 * @param password the replication role's password, with {@code username}
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
    @DefaultValue("25ms") Duration pollInterval,
    String username,
    String password) {

  /** The role the relay connects as: {@link #username}, or the application's user when that is unset. */
  public String username(DataSourceProperties database) {
    return username != null ? username : database.determineUsername();
  }

  /** The password of {@link #username(DataSourceProperties)}; empty when there is none. */
  public String password(DataSourceProperties database) {
    String chosen = username != null ? password : database.determinePassword();
    return chosen == null ? "" : chosen;
  }

  /** The topic that carries the events of one aggregate type. */
  public String topicFor(String aggregateType) {
    return topicPrefix + "." + aggregateType;
  }
}
