package dev.loupe.readmodels.projection;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import dev.loupe.readmodels.JournalMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** What Elasticsearch's answers about single documents mean to a projection. */
public final class Documents {

  private Documents() {}

  private static final Set<Integer> PASSING = Set.of(404, 408, 409, 429);

  /**
   * Whether Elasticsearch refused the document itself (a 4xx: it cannot be parsed into the index's mapping, a term is
   * too long...): writing it again would fail again. A missing index or alias (404), a timeout (408), a newer version
   * (409), back pressure (429) and every 5xx are the cluster's, and pass.
   */
  public static boolean refused(BulkResponseItem item) {
    return item.error() != null && item.status() >= 400 && item.status() < 500 && !PASSING.contains(item.status());
  }

  /**
   * Writes documents keyed by something immutable (an event's id) in one bulk request into {@code target}, no
   * version: a redelivered event rewrites the same document. A document Elasticsearch refuses rejects the event it
   * comes from (a dead letter); one whose event is not in {@code eventOf} is written again when its event comes.
   *
   * @throws IOException for any other failure: the cluster's, the batch is tried again
   */
  public static List<Rejected> indexById(ElasticsearchClient elasticsearch, String target, Map<String, ?> documents,
      Map<String, JournalMessage> eventOf) throws IOException {
    List<Rejected> rejected = new ArrayList<>();
    if (documents.isEmpty()) {
      return rejected;
    }
    BulkRequest.Builder bulk = new BulkRequest.Builder().requireAlias(true);
    documents.forEach((id, document) -> bulk.operations(operation -> operation
        .index(index -> index.index(target).id(id).document(document))));
    BulkResponse response = elasticsearch.bulk(bulk.build());
    if (!response.errors()) {
      return rejected;
    }
    List<String> failed = new ArrayList<>();
    for (BulkResponseItem item : response.items()) {
      if (refused(item)) {
        if (eventOf.containsKey(item.id())) {
          rejected.add(new Rejected(eventOf.get(item.id()), "Elasticsearch refuses its document: "
              + item.error().reason()));
        }
      } else if (item.error() != null) {
        failed.add(item.status() + " " + item.error().reason());
      }
    }
    if (!failed.isEmpty()) {
      throw new IOException("documents not indexed into " + target + ": "
          + failed.subList(0, Math.min(3, failed.size())));
    }
    return rejected;
  }

  /** Which of these documents are in {@code target}, asked with one multi-get. */
  public static Set<String> existing(ElasticsearchClient elasticsearch, String target, Collection<String> ids)
      throws IOException {
    if (ids.isEmpty()) {
      return Set.of();
    }
    return elasticsearch.mget(request -> request.index(target).ids(List.copyOf(ids))
            .source(source -> source.fetch(false)), Object.class).docs().stream()
        .filter(item -> item.isResult() && item.result().found())
        .map(item -> item.result().id())
        .collect(Collectors.toSet());
  }
}
