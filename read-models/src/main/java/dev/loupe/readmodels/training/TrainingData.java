package dev.loupe.readmodels.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.JournalPosition;
import dev.loupe.task.TaskEventCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The training data repository: datasets defined as a query at a journal position, and their COCO and YOLO exports,
 * folded from the journal's task streams as they stood at that position. Elasticsearch holds only current state; the
 * journal holds every state, so an export of a dataset is the same whatever happened to its tasks since.
 */
@Component
public class TrainingData {

  private static final Logger log = LoggerFactory.getLogger(TrainingData.class);
  private static final int STREAMS_PER_PAGE = 200;
  private static final String TASK_STREAMS = "task-";

  private final EventJournal journal;
  private final JdbcClient jdbc;
  private final TaskEventCodec codec;
  private final Clock clock = Clock.systemUTC();

  TrainingData(EventJournal journal, JdbcClient jdbc, ObjectMapper json) {
    this.journal = journal;
    this.jdbc = jdbc;
    this.codec = new TaskEventCodec(json);
  }

  /** Defines a dataset at the journal's position now: every event of a transaction that has ended is in it. */
  public Dataset define(String name, DatasetQuery asked, String createdBy) {
    DatasetQuery query = new DatasetQuery(asked.classGroupKey(), micros(asked.finishedFrom()),
        micros(asked.finishedTo()), asked.verifiedOnly());
    Dataset dataset = new Dataset(UUID.randomUUID(), name, query, journal.readable(), micros(clock.instant()),
        createdBy);
    jdbc.sql("""
            INSERT INTO training_dataset (dataset_id, name, class_group_key, finished_from, finished_to, verified_only,
                                          as_of_transaction, as_of_position, created_time, created_by)
            VALUES (:id, :name, :classGroupKey, :from, :to, :verifiedOnly, :transaction, :position, :created, :by)
            """)
        .param("id", dataset.id())
        .param("name", name)
        .param("classGroupKey", query.classGroupKey())
        .param("from", timestamp(query.finishedFrom()))
        .param("to", timestamp(query.finishedTo()))
        .param("verifiedOnly", query.verifiedOnly())
        .param("transaction", dataset.asOf().transactionId())
        .param("position", dataset.asOf().position())
        .param("created", Timestamp.from(dataset.createdAt()))
        .param("by", createdBy)
        .update();
    return dataset;
  }

  public Optional<Dataset> find(UUID id) {
    return jdbc.sql("SELECT * FROM training_dataset WHERE dataset_id = :id").param("id", id)
        .query(TrainingData::dataset).optional();
  }

  /** The newest datasets first. */
  public List<Dataset> list(int limit) {
    return jdbc.sql("SELECT * FROM training_dataset ORDER BY created_time DESC, dataset_id LIMIT :limit")
        .param("limit", limit).query(TrainingData::dataset).list();
  }

  public void writeCoco(Dataset dataset, OutputStream out) throws IOException {
    CocoWriter.write(dataset, examples(dataset), out);
  }

  public void writeYolo(Dataset dataset, OutputStream out) throws IOException {
    YoloWriter.write(dataset, examples(dataset), out);
  }

  /**
   * The dataset's examples, folded page by page from the task streams as they stood at its position: what the exports
   * write and what a box classifier is trained on.
   */
  public ExampleSource examples(Dataset dataset) {
    return (examples, unreadable) -> journal.readStreamsAsOf(TASK_STREAMS, dataset.asOf(), STREAMS_PER_PAGE,
        page -> page.forEach(stream -> {
          Optional<TrainingExample> example;
          try {
            example = TrainingExamples.of(stream, codec);
          } catch (RuntimeException e) {
            String streamId = stream.getFirst().streamId();
            log.warn("training data: stream {} cannot be folded and is left out: {}", streamId, e.toString());
            unreadable.accept(streamId);
            return;
          }
          example.filter(dataset.query()::matches).ifPresent(examples);
        }));
  }

  /** The instant as PostgreSQL keeps it, so the dataset read back is the dataset defined. */
  private static Instant micros(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static Dataset dataset(ResultSet row, int rowNumber) throws SQLException {
    Timestamp from = row.getTimestamp("finished_from");
    Timestamp to = row.getTimestamp("finished_to");
    return new Dataset(row.getObject("dataset_id", UUID.class), row.getString("name"),
        new DatasetQuery(row.getString("class_group_key"), from == null ? null : from.toInstant(),
            to == null ? null : to.toInstant(), row.getBoolean("verified_only")),
        new JournalPosition(row.getLong("as_of_transaction"), row.getLong("as_of_position")),
        row.getTimestamp("created_time").toInstant(), row.getString("created_by"));
  }
}
