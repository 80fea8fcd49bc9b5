package dev.loupe.readmodels.projection;

import dev.loupe.journal.EventJournal;
import dev.loupe.journal.StreamHeadFilter;
import dev.loupe.journal.archive.JournalArchive;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loupe's read models, by name. At start-up each one's index is found through its alias (created when missing,
 * before any projector consumes), and an index a dead rebuild left behind is dropped; once the application is
 * ready, a read model whose index had to be created while the journal holds its events (Elasticsearch's data was
 * lost) is rebuilt from the journal.
 */
@Component
public class ReadModels implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(ReadModels.class);

  private final Map<String, Projection> byName = new LinkedHashMap<>();
  private final ReadModelIndexes indexes;
  private final Rebuilds rebuilds;
  private final EventJournal journal;
  private final JournalArchive archive;
  private final List<String> created = new CopyOnWriteArrayList<>();

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
    created.clear();
    for (Projection projection : byName.values()) {
      if (indexes.ensure(projection.definition())) {
        created.add(projection.definition().name());
      }
      rebuilds.dropAbandoned(projection.definition());
    }
  }

  /**
   * Once the application is ready: rebuilds each read model whose index had to be created, if the journal holds
   * streams it projects (or archived months, which may). Other streams (an admin's audit trail, say) are not its
   * history.
   */
  @EventListener(ApplicationReadyEvent.class)
  public void rebuildWhatWasLost() {
    List<String> lost = List.copyOf(created);
    created.clear();
    boolean archived = !archive.archived().isEmpty();
    for (String name : lost) {
      ReadModelDefinition readModel = get(name).definition();
      if (!archived && journal.readStreamHeads(StreamHeadFilter.lastEventNotIn(readModel.aggregateType() + "-"),
          "", 1).isEmpty()) {
        continue;
      }
      try {
        log.warn("the index of {} was missing while the journal holds its events: rebuilding it from the journal",
            name);
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
