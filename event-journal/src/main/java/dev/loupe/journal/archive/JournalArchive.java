package dev.loupe.journal.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.JournalOwner;
import dev.loupe.journal.RecordedEvent;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves whole months of the journal out of PostgreSQL into compressed files, and reads them back.
 *
 * <p>A month is one partition of {@code journal_event}. Archiving it writes {@code <partition>.jsonl.gz} under
 * the archive directory: the partition's rows as JSON lines (PostgreSQL's {@code to_jsonb} of the row, the
 * payload kept as its exact stored text so a read returns the same bytes as before), ordered by stream and version,
 * each stream's rows one gzip member, so the file is a valid gzip stream and a single stream is read by seeking
 * to its member. The file is written, synced and read back before the database changes; then one transaction
 * detaches the partition, checks it holds exactly the rows written, records where each stream's member lies
 * ({@code journal_archive_segment}, {@code journal_archive_stream}) and drops the partition. A crash before that
 * commit leaves the database as it was (the next run rewrites the file); after it, the month lives in the file.
 *
 * <p>Archiving runs as the journal's owner ({@link JournalOwner}): only the owner may read a partition by its own
 * name, detach it and drop it, which is exactly what the application's role must never do. Reading the archive
 * back runs on the application's connection.
 */
@Component
public class JournalArchive {

  private static final Logger log = LoggerFactory.getLogger(JournalArchive.class);
  private static final Pattern PARTITION = Pattern.compile("journal_event_y(\\d{4})m(\\d{2})");
  private static final int FETCH_SIZE = 500;
  /** The advisory lock archives take alone and readers of the whole journal share. */
  private static final String MONTHS_LOCK = "hashtextextended('loupe-journal-months', 0)";

  /** The application's connection: reads of the archive's index. */
  private final JdbcClient jdbc;
  /** The owner's connection: what moves a month out of the database. */
  private final JdbcClient ownerJdbc;
  private final JdbcTemplate ownerRows;
  private final TransactionTemplate ownerTransactions;
  private final ObjectMapper json;
  private final Path directory;

  public JournalArchive(JdbcClient jdbc, @JournalOwner DataSource owner, ObjectMapper json,
      ArchiveProperties properties) {
    this.jdbc = jdbc;
    this.ownerRows = new JdbcTemplate(owner);
    this.ownerJdbc = JdbcClient.create(ownerRows);
    this.ownerTransactions = new TransactionTemplate(new DataSourceTransactionManager(owner));
    this.json = json;
    this.directory = properties.directory();
  }

  /**
   * Archives every month before the one {@code months} months before the current one (UTC, by the database's
   * clock, which stamps the events): with 6 in November, April and older. The current month never is.
   *
   * @throws MonthsHeld while a reader of the whole journal holds its months
   */
  public List<ArchivedPartition> archiveOlderThan(int months) {
    if (months < 1) {
      throw new IllegalArgumentException("months must be at least 1: the current month is never archived, got "
          + months);
    }
    YearMonth firstKept = YearMonth.from(jdbc.sql("SELECT (now() AT TIME ZONE 'UTC')::date")
        .query(Date.class).single().toLocalDate()).minusMonths(months);
    return ownerRows.execute((ConnectionCallback<List<ArchivedPartition>>) lock -> {
      if (!takeMonths(lock)) {
        throw new MonthsHeld();
      }
      try {
        List<ArchivedPartition> archived = new ArrayList<>();
        for (String partition : partitions()) {
          if (month(partition).isBefore(firstKept)) {
            archived.add(archive(partition));
          }
        }
        return archived;
      } finally {
        try (PreparedStatement statement = lock.prepareStatement("SELECT pg_advisory_unlock(" + MONTHS_LOCK + ")")) {
          statement.execute();
        }
      }
    });
  }

  private static boolean takeMonths(Connection lock) throws SQLException {
    try (PreparedStatement statement = lock.prepareStatement("SELECT pg_try_advisory_lock(" + MONTHS_LOCK + ")");
        ResultSet result = statement.executeQuery()) {
      result.next();
      return result.getBoolean(1);
    }
  }

  /**
   * Keeps the journal's months where they are while a reader of the whole journal (a rebuild reads the archived
   * months first, then the database's) reads it: an archive in between would move a month out of the database after
   * the reader read the files, and the reader would miss it. Waits for an archive that runs; until
   * {@link #releaseMonths} on the same connection, archives are refused.
   */
  public static void holdMonths(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT pg_advisory_lock_shared(" + MONTHS_LOCK + ")")) {
      statement.execute();
    }
  }

  /** Lets archives run again, as far as this reader is concerned; see {@link #holdMonths}. */
  public static void releaseMonths(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(
        "SELECT pg_advisory_unlock_shared(" + MONTHS_LOCK + ")")) {
      statement.execute();
    }
  }

  /** An archive refused because a reader of the whole journal holds its months ({@link #holdMonths}). */
  public static final class MonthsHeld extends RuntimeException {
    MonthsHeld() {
      super("a rebuild is reading the whole journal: archive when it is done");
    }
  }

  /** The months archived so far, oldest first. */
  public List<ArchivedPartition> archived() {
    return segments("");
  }

  private List<ArchivedPartition> segments(String partition) {
    return jdbc.sql("""
            SELECT partition_name, file_name, range_start, range_end, event_count, byte_count, sha256, archived_time
            FROM journal_archive_segment WHERE :partition = '' OR partition_name = :partition ORDER BY range_start
            """)
        .param("partition", partition)
        .query((row, n) -> new ArchivedPartition(row.getString("partition_name"), row.getString("file_name"),
            row.getTimestamp("range_start").toInstant(), row.getTimestamp("range_end").toInstant(),
            row.getLong("event_count"), row.getLong("byte_count"), row.getString("sha256"),
            row.getTimestamp("archived_time").toInstant()))
        .list();
  }

  /** The journal's partitions still in the database, oldest first. */
  public List<String> partitions() {
    return jdbc.sql("""
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = 'journal_event'::regclass ORDER BY c.relname
            """)
        .query(String.class)
        .list();
  }

  /**
   * The archived events of a stream with versions in [{@code fromVersion}, {@code beforeVersion}), in version
   * order, as stored (not upcast).
   */
  public List<RecordedEvent> readStream(String streamId, long fromVersion, long beforeVersion) {
    record Member(String fileName, long offset, long length) {}
    List<Member> members = jdbc.sql("""
            SELECT s.file_name, a.byte_offset, a.byte_length
            FROM journal_archive_stream a JOIN journal_archive_segment s USING (partition_name)
            WHERE a.stream_id = :stream AND a.last_version >= :from AND a.first_version < :before
            ORDER BY a.first_version
            """)
        .param("stream", streamId)
        .param("from", fromVersion)
        .param("before", beforeVersion)
        .query((row, n) -> new Member(row.getString("file_name"), row.getLong("byte_offset"),
            row.getLong("byte_length")))
        .list();
    List<RecordedEvent> events = new ArrayList<>();
    for (Member member : members) {
      for (RecordedEvent event : readMember(member.fileName(), member.offset(), member.length())) {
        if (event.version() >= fromVersion && event.version() < beforeVersion) {
          events.add(event);
        }
      }
    }
    return events;
  }

  /**
   * Every event of one archived month, as stored (not upcast): stream by stream, each stream in version order
   * (the file's order), handed over in batches of at most {@code batchSize}.
   */
  public void readMonth(ArchivedPartition month, int batchSize, Consumer<List<RecordedEvent>> batches) {
    Path file = directory.resolve(month.fileName());
    List<RecordedEvent> batch = new ArrayList<>(batchSize);
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        batch.add(toRecordedEvent(json.readTree(line)));
        if (batch.size() == batchSize) {
          batches.accept(List.copyOf(batch));
          batch.clear();
        }
      }
    } catch (NoSuchFileException missing) {
      throw new IllegalStateException("the archive file " + file + " is missing: the journal cannot read the events "
          + "it holds (restore it from backup into " + directory + ")", missing);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the archive " + file, e);
    }
    if (!batch.isEmpty()) {
      batches.accept(List.copyOf(batch));
    }
  }

  private ArchivedPartition archive(String partition) {
    YearMonth month = month(partition);
    String fileName = partition + ".jsonl.gz";
    Path file = directory.resolve(fileName);
    Path partial = directory.resolve(fileName + ".partial");
    List<StreamMember> members;
    try {
      Files.createDirectories(directory);
      members = write(partition, partial);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      // the rename is durable only once the directory is synced: the partition is dropped after this
      try (FileChannel directoryEntries = FileChannel.open(directory, StandardOpenOption.READ)) {
        directoryEntries.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the archive of " + partition + " to " + file, e);
    }
    long events = members.stream().mapToLong(StreamMember::events).sum();
    long readBack = members.stream()
        .mapToLong(member -> readMember(fileName, member.offset(), member.length()).size())
        .sum();
    if (readBack != events) {
      throw new IllegalStateException("the archive " + file + " reads back " + readBack + " events of " + events
          + " written; " + partition + " stays in the database");
    }
    long bytes;
    String sha256;
    try {
      bytes = Files.size(file);
      sha256 = sha256(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read back the archive " + file, e);
    }
    Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    Instant end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    ownerTransactions.executeWithoutResult(tx -> {
      ownerJdbc.sql("ALTER TABLE journal_event DETACH PARTITION " + partition).update();
      long stored = ownerJdbc.sql("SELECT count(*) FROM " + partition).query(Long.class).single();
      if (stored != events) {
        throw new IllegalStateException(partition + " holds " + stored + " events but its archive " + events
            + "; nothing archived");
      }
      ownerJdbc.sql("""
              INSERT INTO journal_archive_segment (partition_name, file_name, range_start, range_end, event_count,
                                                   byte_count, sha256)
              VALUES (:partition, :file, :start, :end, :events, :bytes, :sha256)
              """)
          .param("partition", partition)
          .param("file", fileName)
          .param("start", Timestamp.from(start))
          .param("end", Timestamp.from(end))
          .param("events", events)
          .param("bytes", bytes)
          .param("sha256", sha256)
          .update();
      ownerRows.batchUpdate("""
              INSERT INTO journal_archive_stream (stream_id, partition_name, first_version, last_version, byte_offset,
                                                  byte_length)
              VALUES (?, ?, ?, ?, ?, ?)
              """,
          members, 1_000, (statement, member) -> {
            statement.setString(1, member.streamId());
            statement.setString(2, partition);
            statement.setLong(3, member.firstVersion());
            statement.setLong(4, member.lastVersion());
            statement.setLong(5, member.offset());
            statement.setLong(6, member.length());
          });
      ownerJdbc.sql("DROP TABLE " + partition).update();
    });
    log.info("archived {}: {} events of {} streams into {} ({} bytes)", partition, events, members.size(), file, bytes);
    return segments(partition).getFirst();
  }

  private record StreamMember(String streamId, long firstVersion, long lastVersion, long events, long offset,
      long length) {}

  /** Writes the partition's rows, one gzip member per stream, and returns where each member lies. */
  private List<StreamMember> write(String partition, Path file) throws IOException {
    List<StreamMember> members = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      MemberWriter writer = new MemberWriter(channel, members);
      ownerTransactions.executeWithoutResult(tx -> ownerRows.query(connection -> {
        var statement = connection.prepareStatement("""
            SELECT stream_id, stream_version,
                   ((to_jsonb(p) - 'payload') || jsonb_build_object('payload', payload::text))::text AS line
            FROM %s p ORDER BY stream_id, stream_version
            """.formatted(partition));
        statement.setFetchSize(FETCH_SIZE);
        return statement;
      }, row -> {
        writer.add(row.getString("stream_id"), row.getLong("stream_version"), row.getString("line"));
      }));
      writer.finish();
      channel.force(true);
    }
    return members;
  }

  /** Gathers one stream's lines into a gzip member and appends it to the file when the next stream starts. */
  private static final class MemberWriter {
    private final FileChannel channel;
    private final List<StreamMember> members;
    private ByteArrayOutputStream buffer;
    private GZIPOutputStream gzip;
    private String streamId;
    private long firstVersion;
    private long lastVersion;
    private long events;

    MemberWriter(FileChannel channel, List<StreamMember> members) {
      this.channel = channel;
      this.members = members;
    }

    void add(String stream, long version, String line) {
      try {
        if (!stream.equals(streamId)) {
          finish();
          streamId = stream;
          firstVersion = version;
          events = 0;
          buffer = new ByteArrayOutputStream();
          gzip = new GZIPOutputStream(buffer);
        }
        lastVersion = version;
        events++;
        gzip.write(line.getBytes(StandardCharsets.UTF_8));
        gzip.write('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void finish() throws IOException {
      if (streamId == null) {
        return;
      }
      gzip.close();
      long offset = channel.position();
      ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      members.add(new StreamMember(streamId, firstVersion, lastVersion, events, offset, channel.position() - offset));
      streamId = null;
    }
  }

  private List<RecordedEvent> readMember(String fileName, long offset, long length) {
    Path file = directory.resolve(fileName);
    ByteBuffer member = ByteBuffer.allocate(Math.toIntExact(length));
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      while (member.hasRemaining()) {
        if (channel.read(member, offset + member.position()) < 0) {
          throw new IllegalStateException("the archive " + file + " ends before byte " + (offset + length));
        }
      }
    } catch (NoSuchFileException missing) {
      throw new IllegalStateException("the archive file " + file + " is missing: the journal cannot read the events "
          + "it holds (restore it from backup into " + directory + ")", missing);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the archive " + file, e);
    }
    List<RecordedEvent> events = new ArrayList<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(new ByteArrayInputStream(member.array())), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        events.add(toRecordedEvent(json.readTree(line)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the archive " + file + " is damaged at byte " + offset, e);
    }
    return events;
  }

  private static RecordedEvent toRecordedEvent(JsonNode row) {
    return new RecordedEvent(
        UUID.fromString(row.get("event_id").asText()),
        row.get("stream_id").asText(),
        row.get("stream_version").asLong(),
        row.get("position").asLong(),
        row.get("transaction_id").asLong(),
        row.get("event_type").asText(),
        row.get("schema_version").asInt(),
        OffsetDateTime.parse(row.get("event_time").asText()).toInstant(),
        OffsetDateTime.parse(row.get("recorded_time").asText()).toInstant(),
        row.get("payload").asText(),
        new EventMetadata(text(row, "correlation_id"), text(row, "causation_id"), text(row, "actor")));
  }

  private static String text(JsonNode row, String field) {
    JsonNode value = row.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static YearMonth month(String partition) {
    Matcher name = PARTITION.matcher(partition);
    if (!name.matches()) {
      throw new IllegalStateException("journal partition " + partition + " is not named journal_event_yYYYYmMM");
    }
    return YearMonth.of(Integer.parseInt(name.group(1)), Integer.parseInt(name.group(2)));
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
