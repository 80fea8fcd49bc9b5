package dev.loupe.readmodels.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.json.JsonpUtils;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A read model's indexes: versions {@code <name>-v<N>} behind the alias {@code <name>} that queries and projectors
 * use, and, while a rebuild runs, the next version behind {@code <name>-next}. The current version is always found
 * through the alias, never by a fixed name.
 */
@Component
public class ReadModelIndexes {

  private static final Logger log = LoggerFactory.getLogger(ReadModelIndexes.class);

  private final ElasticsearchClient elasticsearch;

  ReadModelIndexes(ElasticsearchClient elasticsearch) {
    this.elasticsearch = elasticsearch;
  }

  /** What start-up found behind a read model's alias. */
  public enum Ensured {
    /** The index has every field of the mapping, filled. */
    CURRENT,
    /** There was none: a new one was created, empty. */
    CREATED,
    /** The index lacked fields of the mapping (or a rebuild to fill them never ended): they were added, empty. */
    FIELDS_ADDED;

    /** Whether the index has to be rebuilt from the journal to hold what the read model says. */
    public boolean needsRebuild() {
      return this != CURRENT;
    }
  }

  /**
   * At start-up: the index behind the alias gets the mapping's new fields, so projectors can write them at once,
   * and is marked with them until a rebuild fills them in the documents written before ({@link MappingFields}); it
   * gets the read model's refresh interval too, which a setting may have changed since it was created;
   * without an alias, a new version is created behind it (its data was lost or never existed).
   */
  public Ensured ensure(ReadModelDefinition readModel) throws IOException {
    Optional<String> current = current(readModel.name());
    if (current.isPresent()) {
      String live = JsonpUtils.toJsonString(elasticsearch.indices().getMapping(request -> request
          .index(current.get())).result().values().iterator().next().mappings(), elasticsearch._jsonpMapper());
      Set<String> unfilled = new TreeSet<>(MappingFields.missing(readModel.mapping(), live));
      unfilled.addAll(MappingFields.unfilled(live));
      String mapping = unfilled.isEmpty() ? readModel.mapping() : MappingFields.marked(readModel.mapping(), unfilled);
      elasticsearch.indices().putMapping(request -> request.index(current.get())
          .withJson(new StringReader(mapping)));
      elasticsearch.indices().putSettings(request -> request.index(current.get())
          .settings(settings -> settings.refreshInterval(interval -> interval.time(readModel.refreshInterval()))));
      if (unfilled.isEmpty()) {
        return Ensured.CURRENT;
      }
      log.info("index {} of {} lacks the fields {} in the documents written so far", current.get(),
          readModel.name(), unfilled);
      return Ensured.FIELDS_ADDED;
    }
    String index = indexName(readModel.name(), highestVersion(readModel.name()) + 1);
    try {
      create(readModel, index, readModel.name(), true);
      log.info("created index {} behind alias {}", index, readModel.name());
      return Ensured.CREATED;
    } catch (ElasticsearchException raced) {
      if (current(readModel.name()).isPresent()) {
        return Ensured.CURRENT;
      }
      throw raced;
    }
  }

  /** The index the alias points to. */
  public Optional<String> current(String alias) throws IOException {
    try {
      return elasticsearch.indices().getAlias(request -> request.name(alias)).result().keySet().stream().findFirst();
    } catch (ElasticsearchException missing) {
      if (missing.status() == 404) {
        return Optional.empty();
      }
      throw missing;
    }
  }

  /** Where projectors write: the index a rebuild fills first when there is one, then the live alias. */
  public List<String> targets(ReadModelDefinition readModel) throws IOException {
    if (current(readModel.nextAlias()).isPresent()) {
      return List.of(readModel.nextAlias(), readModel.name());
    }
    return List.of(readModel.name());
  }

  /** Creates the next index version behind {@code <name>-next}, first deleting one a failed rebuild left. */
  String createNext(ReadModelDefinition readModel) throws IOException {
    dropNext(readModel);
    String current = current(readModel.name())
        .orElseThrow(() -> new IllegalStateException("the alias " + readModel.name() + " points to no index"));
    int version = Math.max(versionOf(readModel.name(), current), highestVersion(readModel.name())) + 1;
    String next = indexName(readModel.name(), version);
    create(readModel, next, readModel.nextAlias(), true);
    return next;
  }

  /** Deletes the index behind {@code <name>-next}, if any: projectors stop writing to it at their next batch. */
  void dropNext(ReadModelDefinition readModel) throws IOException {
    Optional<String> leftover = current(readModel.nextAlias());
    if (leftover.isPresent()) {
      log.warn("deleting {}, left behind {} by a rebuild that did not finish", leftover.get(), readModel.nextAlias());
      delete(leftover.get());
    }
  }

  /** Moves the alias from {@code from} to {@code to} and takes {@code <name>-next} off {@code to}, atomically. */
  void swap(ReadModelDefinition readModel, String from, String to) throws IOException {
    elasticsearch.indices().updateAliases(request -> request
        .actions(action -> action.remove(remove -> remove.index(from).alias(readModel.name())))
        .actions(action -> action.add(add -> add.index(to).alias(readModel.name()).isWriteIndex(true)))
        .actions(action -> action.remove(remove -> remove.index(to).alias(readModel.nextAlias()))));
  }

  /** Makes every document written to the index so far searchable. */
  void refresh(String index) throws IOException {
    elasticsearch.indices().refresh(request -> request.index(index));
  }

  void delete(String index) throws IOException {
    elasticsearch.indices().delete(request -> request.index(index));
  }

  private void create(ReadModelDefinition readModel, String index, String alias, boolean writeIndex)
      throws IOException {
    elasticsearch.indices().create(request -> request
        .index(index)
        .settings(settings -> settings.numberOfShards("1").numberOfReplicas("0")
            .refreshInterval(interval -> interval.time(readModel.refreshInterval())))
        .mappings(mappings -> mappings.withJson(new StringReader(readModel.mapping())))
        .aliases(alias, aliasSettings -> aliasSettings.isWriteIndex(writeIndex)));
  }

  private int highestVersion(String name) throws IOException {
    return elasticsearch.indices().get(request -> request.index(name + "-v*")).result().keySet().stream()
        .mapToInt(index -> versionOf(name, index))
        .max()
        .orElse(0);
  }

  static String indexName(String name, int version) {
    return name + "-v" + version;
  }

  /** N of {@code <name>-v<N>}; 0 for another name. */
  static int versionOf(String name, String index) {
    Matcher matcher = Pattern.compile(Pattern.quote(name) + "-v(\\d+)").matcher(index);
    return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
  }
}
