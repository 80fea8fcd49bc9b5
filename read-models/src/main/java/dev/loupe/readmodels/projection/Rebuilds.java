package dev.loupe.readmodels.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.JournalPosition;
import dev.loupe.journal.RecordedEvent;
import dev.loupe.journal.archive.JournalArchive;
import dev.loupe.readmodels.JournalMessage;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a read model from the journal with no downtime:
 *
 * <ol>
 *   <li>a new index version is created behind {@code <name>-next}; from their next batch on, projectors on every
 *       instance write each event to it too ({@link ReadModelIndexes#targets});
 *   <li>the journal's archived months, then its live events from the start in commit order, are projected into it
 *       (each stream's events in order, with the same projection and gap repair as the live consumers), up to the
 *       journal's {@link EventJournal#end() end} as it was when the next index appeared: every later event is
 *       consumed after that, so the projectors write it there; a rebuild ends under any load;
 *   <li>the new index is refreshed, the alias moves to it atomically and the old one is deleted.
 * </ol>
 *
 * <p>Queries use the alias, so they see the old index, whole, until the swap, then the new one, whole. An event
 * appended while the rebuild runs is in the new index either way: it was read by the rebuild, or consumed after
 * the next alias existed. One instance rebuilds a read model at a time: a PostgreSQL advisory lock, held for the
 * whole rebuild, says which (released by PostgreSQL if that instance dies; the next rebuild drops what it left).
 */
@Component
public class Rebuilds implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(Rebuilds.class);
  private static final Duration WAIT_FOR_OPEN_TRANSACTIONS = Duration.ofMillis(50);

  /** Another instance (or this one) is rebuilding that read model. */
  public static final class RebuildRunning extends RuntimeException {
    RebuildRunning(String readModel) {
      super("a rebuild of " + readModel + " is already running");
    }
  }

  private final ReadModelIndexes indexes;
  private final Quarantine quarantine;
  private final EventJournal journal;
  private final DataSource database;
  private final ObjectMapper json;
  private final int pageSize;
  private final int tries;
  private final Duration firstRetryWait;
  private final RebuildStatuses stored;
  private final Map<String, RebuildStatus> statuses = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newCachedThreadPool(Thread.ofPlatform().daemon()
      .name("read-model-rebuild-", 0).factory());

  Rebuilds(ReadModelIndexes indexes, Quarantine quarantine, RebuildStatuses stored, EventJournal journal,
      DataSource database, ObjectMapper json, @Value("${loupe.read-models.rebuild.page-size:1000}") int pageSize,
      @Value("${loupe.read-models.rebuild.tries:6}") int tries,
      @Value("${loupe.read-models.rebuild.first-retry-wait:1s}") Duration firstRetryWait) {
    this.indexes = indexes;
    this.quarantine = quarantine;
    this.stored = stored;
    this.journal = journal;
    this.database = database;
    this.json = json;
    this.pageSize = pageSize;
    this.tries = tries;
    this.firstRetryWait = firstRetryWait;
  }

  /**
   * Starts rebuilding the read model in the background.
   *
   * @throws RebuildRunning when a rebuild of it runs here or on another instance
   */
  public RebuildStatus start(Projection projection) {
    ReadModelDefinition readModel = projection.definition();
    Connection lock = lock(readModel.name());
    try {
      String from = indexes.current(readModel.name()).orElseThrow();
      String to = indexes.createNext(readModel);
      RebuildStatus started = new RebuildStatus(readModel.name(), RebuildStatus.RUNNING, from, to, 0, Instant.now(),
          null, null);
      record(readModel.name(), any -> started);
      log.info("rebuilding {}: {} from the journal, to replace {}", readModel.name(), to, from);
      executor.execute(() -> run(projection, lock));
      return started;
    } catch (IOException | RuntimeException e) {
      unlock(lock, readModel.name());
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  /**
   * Cleans up after a rebuild whose instance stopped, when no instance is rebuilding the read model any more (its
   * lock is free): drops the index it left behind, {@code <name>-next}, so projectors stop writing to it twice, and
   * records the rebuild as FAILED.
   */
  void dropAbandoned(ReadModelDefinition readModel) throws IOException {
    boolean indexLeft = indexes.current(readModel.nextAlias()).isPresent();
    boolean runningLeft = stored.find(readModel.name()).filter(RebuildStatus::running).isPresent();
    if (!indexLeft && !runningLeft) {
      return;
    }
    Connection lock;
    try {
      lock = lock(readModel.name());
    } catch (RebuildRunning running) {
      return;
    }
    try {
      if (indexLeft) {
        indexes.dropNext(readModel);
      }
      stored.find(readModel.name()).filter(RebuildStatus::running).ifPresent(abandoned -> stored.save(
          abandoned.finished(RebuildStatus.FAILED, "abandoned: the instance rebuilding it stopped")));
    } finally {
      unlock(lock, readModel.name());
    }
  }

  /** The latest rebuild of the read model, whichever instance ran it; empty when it was never rebuilt. */
  public Optional<RebuildStatus> status(String readModel) {
    return stored.find(readModel);
  }

  /** Changes the rebuild's status here and in the database, where every instance reads it. */
  private RebuildStatus record(String readModel, UnaryOperator<RebuildStatus> change) {
    RebuildStatus changed = statuses.compute(readModel, (key, current) -> change.apply(current));
    stored.save(changed);
    return changed;
  }

  private void run(Projection projection, Connection lock) {
    ReadModelDefinition readModel = projection.definition();
    String name = readModel.name();
    Retry pages = RebuildRetries.of(name, tries, firstRetryWait);
    pages.getEventPublisher().onRetry(retry -> log.warn("rebuild of {}: projecting a page again in {} ms (try {}): {}",
        name, retry.getWaitInterval().toMillis(), retry.getNumberOfRetryAttempts() + 1,
        String.valueOf(retry.getLastThrowable())));
    try {
      JournalArchive.holdMonths(lock);
      Instant started = quarantine.now();
      JournalPosition end = journal.end();
      journal.readArchived(pageSize, batch -> project(projection, pages, batch));
      JournalPosition position = JournalPosition.START;
      while (position.compareTo(end) < 0) {
        JournalPosition readable = journal.readable();
        List<RecordedEvent> page = journal.readAll(position, pageSize);
        if (!page.isEmpty()) {
          project(projection, pages, page);
          position = page.getLast().journalPosition();
        } else if (readable.compareTo(end) >= 0) {
          break;
        } else {
          Thread.sleep(WAIT_FOR_OPEN_TRANSACTIONS.toMillis());
        }
      }
      RebuildStatus status = statuses.get(name);
      indexes.refresh(status.toIndex());
      indexes.swap(readModel, status.fromIndex(), status.toIndex());
      indexes.delete(status.fromIndex());
      List<String> released = quarantine.releaseQuarantinedBefore(name, started);
      if (!released.isEmpty()) {
        log.info("rebuilt {}: released {} quarantined streams it folded: {}", name, released.size(), released);
      }
      RebuildStatus done = record(name, current -> current.finished(RebuildStatus.DONE, null));
      log.info("rebuilt {}: {} events into {}, which the alias now points to; {} deleted", name, done.events(),
          status.toIndex(), status.fromIndex());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      record(name, current -> current.finished(RebuildStatus.FAILED, "interrupted"));
    } catch (RuntimeException | IOException | SQLException e) {
      log.error("the rebuild of {} failed; queries keep the index they had", name, e);
      record(name, current -> current.finished(RebuildStatus.FAILED, String.valueOf(e.getMessage())));
      try {
        indexes.dropNext(readModel);
      } catch (IOException | RuntimeException cleanup) {
        log.warn("could not delete the unfinished index of {}: {}", name, cleanup.getMessage());
      }
    } finally {
      releaseMonths(lock);
      unlock(lock, name);
    }
  }

  private static void releaseMonths(Connection lock) {
    try {
      JournalArchive.releaseMonths(lock);
    } catch (SQLException e) {
      log.warn("could not let archives run again (the pool drops a broken connection, which ends it): {}",
          e.getMessage());
    }
  }

  private void project(Projection projection, Retry pages, List<RecordedEvent> batch) {
    List<JournalMessage> events = batch.stream()
        .filter(event -> projection.definition().projects(event.streamId()))
        .map(event -> JournalMessage.of(event, json))
        .toList();
    if (events.isEmpty()) {
      return;
    }
    List<Rejected> rejected;
    try {
      rejected = Retry.decorateCallable(pages, () -> projection.project(events, projection.definition().nextAlias()))
          .call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    rejected.forEach(rejection -> log.warn("rebuild of {}: {}", projection.definition().name(), rejection.reason()));
    record(projection.definition().name(), status -> status.progressed(events.size()));
  }

  /** A session-level advisory lock on its own connection, kept open for the rebuild. */
  private Connection lock(String readModel) {
    Connection connection = null;
    try {
      connection = database.getConnection();
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT pg_try_advisory_lock(hashtextextended('loupe-read-model-rebuild:' || ?, 0))")) {
        statement.setString(1, readModel);
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          if (result.getBoolean(1)) {
            return connection;
          }
        }
      }
      connection.close();
      throw new RebuildRunning(readModel);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new IllegalStateException("could not take the rebuild lock of " + readModel, e);
    }
  }

  private static void unlock(Connection lock, String readModel) {
    try (lock; PreparedStatement statement = lock.prepareStatement(
        "SELECT pg_advisory_unlock(hashtextextended('loupe-read-model-rebuild:' || ?, 0))")) {
      statement.setString(1, readModel);
      statement.execute();
    } catch (SQLException e) {
      log.warn("could not release the rebuild lock of {} (closing its connection releases it): {}", readModel,
          e.getMessage());
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      log.debug("could not close the rebuild lock's connection", e);
    }
  }

  @Override
  public void destroy() {
    executor.shutdownNow();
  }
}
