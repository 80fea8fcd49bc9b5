package dev.loupe.readmodels.projection;

import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;

/** What Elasticsearch's answers about single documents mean to a projection. */
public final class Documents {

  private Documents() {}

  /**
   * Whether Elasticsearch refused the document itself (it cannot be parsed into the index's mapping): writing it
   * again would fail again. Any other failure is the cluster's, and passes.
   */
  public static boolean refused(BulkResponseItem item) {
    return item.error() != null && item.status() == 400 && item.error().type() != null
        && (item.error().type().contains("parsing") || item.error().type().contains("mapping"));
  }
}
