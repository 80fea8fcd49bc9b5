package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.loupe.journal.JournalOwner;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The application's role may append and read the journal and can neither change nor remove an event, whatever it
 * sends: PostgreSQL refuses it for want of privilege, before the append-only trigger is even asked
 * (docs/adr/0018-database-roles.md).
 */
@LoupeIntegrationTest
class DatabaseRolesIT {

  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  @Autowired private JdbcClient jdbc;
  @Autowired @JournalOwner private DataSource owner;

  @Value("${spring.flyway.user}")
  private String ownerRole;

  @ParameterizedTest
  @ValueSource(strings = {
    "UPDATE journal_event SET actor = 'mallory'",
    "DELETE FROM journal_event",
    "TRUNCATE journal_event",
    "UPDATE %s SET actor = 'mallory'",
    "DELETE FROM %s",
    "TRUNCATE %s",
    "ALTER TABLE journal_event DETACH PARTITION %s",
    "DROP TABLE %s",
    "ALTER TABLE journal_event DISABLE TRIGGER journal_event_append_only",
    "ALTER TABLE %s DISABLE TRIGGER journal_event_append_only",
    "DROP TRIGGER journal_event_append_only ON journal_event"
  })
  void shouldRefuseTheApplicationsRoleEveryChangeOrRemovalOfEvents(String statement) {
    // given: this month's partition, which holds events
    String partition = jdbc.sql("SELECT journal_ensure_partition(current_date)").query(String.class).single();

    // when / then
    assertThatThrownBy(() -> jdbc.sql(statement.formatted(partition)).update())
        .isInstanceOfSatisfying(DataAccessException.class,
            refused -> assertThat(sqlState(refused)).as(refused.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
  }

  @Test
  void shouldStillRefuseTheOwnerAChangeOfEventsThroughTheAppendOnlyTrigger() {
    assertThatThrownBy(() -> JdbcClient.create(owner).sql("UPDATE journal_event SET actor = 'mallory'").update())
        .isInstanceOf(DataAccessException.class)
        .hasMessageContaining("append-only");
  }

  @Test
  void shouldLetTheApplicationsRoleCreateAMonthAheadThatTheOwnerOwns() {
    // when: a month further ahead than Loupe prepares
    String partition = jdbc.sql("SELECT journal_ensure_partition((current_date + INTERVAL '3 years')::date)")
        .query(String.class).single();

    // then
    assertThat(jdbc.sql("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = :partition")
        .param("partition", partition).query(String.class).single()).isEqualTo(ownerRole);
    assertThat(jdbc.sql("SELECT rolsuper OR rolreplication FROM pg_roles WHERE rolname = current_user")
        .query(Boolean.class).single()).isFalse();
  }

  private static String sqlState(DataAccessException refused) {
    return refused.getMostSpecificCause() instanceof SQLException cause ? cause.getSQLState() : null;
  }
}
