package dev.loupe.readmodels;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import java.io.IOException;
import java.io.StringReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read model's index: a versioned index ({@code <name>-v1}) behind an alias the projectors and queries use.
 * Created at start-up when missing; a field added to the mapping is added to an existing index (documents indexed
 * before simply lack it); a changed field needs a new index version, rebuilt from the journal, then the alias moves.
 */
public final class VersionedIndex {

  private static final Logger log = LoggerFactory.getLogger(VersionedIndex.class);

  private VersionedIndex() {}

  public static void ensure(ElasticsearchClient elasticsearch, String index, String alias, String mapping)
      throws IOException {
    if (elasticsearch.indices().exists(request -> request.index(index)).value()) {
      elasticsearch.indices().putMapping(request -> request.index(index).withJson(new StringReader(mapping)));
      return;
    }
    elasticsearch.indices().create(request -> request
        .index(index)
        .settings(settings -> settings.numberOfShards("1").numberOfReplicas("0"))
        .mappings(mappings -> mappings.withJson(new StringReader(mapping)))
        .aliases(alias, aliasSettings -> aliasSettings.isWriteIndex(true)));
    log.info("created index {} behind alias {}", index, alias);
  }
}
