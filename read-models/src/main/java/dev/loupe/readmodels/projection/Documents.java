package dev.loupe.readmodels.projection;

import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import java.util.Set;

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
}
