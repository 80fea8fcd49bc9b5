package dev.loupe.readmodels.projection;

import dev.loupe.journal.EventJournal;
import dev.loupe.journal.StreamHeadFilter;
import dev.loupe.journal.archive.JournalArchive;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loupe's read models, by name. At start-up each one's index is found through its alias (created when missing,
 * before any projector consumes; given the mapping's new fields when it lacks some), and an index a dead rebuild left
 * behind is dropped; once the application is ready, a read model whose index had to be created (Elasticsearch's data
 * was lost) or lacked fields (a new version of the read model) is rebuilt from the journal, if the journal holds its
 * events.
 */
@Component
public class ReadModels implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(ReadModels.class);

  private final Map<String, Projection> byName = new LinkedHashMap<>();
  private final ReadModelIndexes indexes;
  private final Rebuilds rebuilds;
  private final EventJournal journal;
  private final JournalArchive archive;
  private final Map<String, ReadModelIndexes.Ensured> toRebuild = new ConcurrentHashMap<>();

  ReadModels(List<Projection> projections, ReadModelIndexes indexes, Rebuilds rebuilds, EventJournal journal,
      JournalArchive archive) {
    projections.forEach(projection -> byName.put(projection.definition().name(), projection));
    this.indexes = indexes;
    this.rebuilds = rebuilds;
    this.journal = journal;
    this.archive = archive;
  }

  @Override
  public void afterPropertiesSet() throws IOException {
    toRebuild.clear();
    for (Projection projection : byName.values()) {
      ReadModelIndexes.Ensured ensured = indexes.ensure(projection.definition());
      if (ensured.needsRebuild()) {
        toRebuild.put(projection.definition().name(), ensured);
      }
      rebuilds.dropAbandoned(projection.definition());
    }
  }

  /**
   * Once the application is ready: rebuilds each read model whose index had to be created or lacked fields, if the
   * journal holds streams it projects (or archived months, which may). Other streams (an admin's audit trail, say)
   * are not its history.
   */
  @EventListener(ApplicationReadyEvent.class)
  public void rebuildWhatWasLost() {
    Map<String, ReadModelIndexes.Ensured> found = Map.copyOf(toRebuild);
    toRebuild.clear();
    boolean archived = !archive.archived().isEmpty();
    for (Map.Entry<String, ReadModelIndexes.Ensured> entry : found.entrySet()) {
      String name = entry.getKey();
      ReadModelDefinition readModel = get(name).definition();
      if (!archived && journal.readStreamHeads(StreamHeadFilter.lastEventNotIn(readModel.aggregateType() + "-"),
          "", 1).isEmpty()) {
        continue;
      }
      try {
        log.warn(entry.getValue() == ReadModelIndexes.Ensured.CREATED
            ? "the index of {} was missing while the journal holds its events: rebuilding it from the journal"
            : "the index of {} lacked fields of its mapping in the documents written so far: rebuilding it from the "
                + "journal", name);
        rebuilds.start(get(name));
      } catch (Rebuilds.RebuildRunning running) {
        log.info("{} is already being rebuilt by another instance", name);
      }
    }
  }

  public List<Projection> all() {
    return List.copyOf(byName.values());
  }

  /** @throws NoSuchElementException for a name no read model has */
  public Projection get(String name) {
    Projection projection = byName.get(name);
    if (projection == null) {
      throw new NoSuchElementException("no read model " + name + " (there are " + byName.keySet() + ")");
    }
    return projection;
  }
}
