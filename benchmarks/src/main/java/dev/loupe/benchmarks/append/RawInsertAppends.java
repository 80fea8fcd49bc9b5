package dev.loupe.benchmarks.append;

import dev.loupe.benchmarks.support.SampleEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/** The ceiling, part one: one multi-row {@code INSERT … VALUES (…), (…)} per append, in autocommit. */
final class RawInsertAppends implements AppendTarget {

  private final DataSource database;
  private final Map<Integer, String> statements = new ConcurrentHashMap<>();

  RawInsertAppends(DataSource database) {
    this.database = database;
  }

  @Override
  public void append(String streamId, List<SampleEvent> events) throws SQLException {
    RawRows rows = RawRows.of(streamId, events);
    String sql = statements.computeIfAbsent(rows.rows().size(), RawInsertAppends::insertOf);
    try (Connection connection = database.getConnection();
        PreparedStatement insert = connection.prepareStatement(sql)) {
      int parameter = 1;
      for (RawRows.Row row : rows.rows()) {
        insert.setObject(parameter++, row.eventId());
        insert.setString(parameter++, row.streamId());
        insert.setLong(parameter++, row.version());
        insert.setString(parameter++, row.type());
        insert.setInt(parameter++, row.schemaVersion());
        insert.setTimestamp(parameter++, Timestamp.from(row.eventTime()));
        insert.setString(parameter++, row.correlationId());
        insert.setString(parameter++, row.causationId());
        insert.setString(parameter++, row.actor());
        insert.setString(parameter++, row.payloadJson());
      }
      insert.executeUpdate();
    }
  }

  static String insertOf(int rows) {
    StringBuilder sql = new StringBuilder("INSERT INTO " + RawRows.TABLE + " (" + RawRows.COLUMNS + ") VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))");
    }
    return sql.toString();
  }
}
