package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The journal is the truth: the embedded PostgreSQL keeps every commit through a crash by default. */
@LoupeIntegrationTest
class DurableJournalIT {

  @Autowired private JdbcClient jdbc;

  @ParameterizedTest
  @ValueSource(strings = {"fsync", "synchronous_commit", "full_page_writes"})
  void shouldRunTheEmbeddedPostgresWithDurableCommits(String setting) {
    // when
    String value = jdbc.sql("SHOW " + setting).query(String.class).single();

    // then
    assertThat(value).isEqualTo("on");
  }
}
