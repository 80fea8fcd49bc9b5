package dev.loupe.benchmarks.append;

import dev.loupe.benchmarks.support.SampleEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/** The ceiling, part two: one {@code COPY … FROM STDIN} (text format, PgJDBC's CopyManager) per append. */
final class RawCopyAppends implements AppendTarget {

  private static final String COPY = "COPY " + RawRows.TABLE + " (" + RawRows.COLUMNS + ") FROM STDIN";
  private final DataSource database;

  RawCopyAppends(DataSource database) {
    this.database = database;
  }

  @Override
  public void append(String streamId, List<SampleEvent> events) throws SQLException, IOException {
    byte[] text = copyText(RawRows.of(streamId, events)).getBytes(StandardCharsets.UTF_8);
    try (Connection connection = database.getConnection()) {
      CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
      copy.copyIn(COPY, new ByteArrayInputStream(text));
    }
  }

  static String copyText(RawRows rows) {
    StringBuilder text = new StringBuilder(rows.rows().size() * 512);
    for (RawRows.Row row : rows.rows()) {
      text.append(row.eventId()).append('\t')
          .append(escaped(row.streamId())).append('\t')
          .append(row.version()).append('\t')
          .append(escaped(row.type())).append('\t')
          .append(row.schemaVersion()).append('\t')
          .append(row.eventTime()).append('\t')
          .append(escaped(row.correlationId())).append('\t')
          .append(escaped(row.causationId())).append('\t')
          .append(escaped(row.actor())).append('\t')
          .append(escaped(row.payloadJson())).append('\n');
    }
    return text.toString();
  }

  /** A field in COPY's text format: {@code \N} for null; backslash, tab, newline and carriage return escaped. */
  static String escaped(String field) {
    if (field == null) {
      return "\\N";
    }
    StringBuilder escaped = new StringBuilder(field.length() + 8);
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      switch (c) {
        case '\\' -> escaped.append("\\\\");
        case '\t' -> escaped.append("\\t");
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
