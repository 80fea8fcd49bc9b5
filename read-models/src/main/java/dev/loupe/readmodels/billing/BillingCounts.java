package dev.loupe.readmodels.billing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregate;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * What a month's bill counts, from the {@code billing} index: its billed runs per client, task type and path, summed
 * by Elasticsearch (a composite aggregation, paged by its after key), never by loading documents.
 */
@Service
public class BillingCounts {

  /** Buckets per page of the composite aggregation: a month's clients × types × paths. */
  private static final int PAGE = 1000;
  private static final List<String> KEYS = List.of("clientId", "type", "path");

  /**
   * The runs of one client, task type and path billed in the month. {@code runs} = {@code reported} +
   * {@code rejected} + {@code cancelled}; {@code reprocessed} of them were reprocesses; {@code images} is the sum of
   * their tasks' images.
   */
  public record Line(String clientId, String type, String path, long runs, long reported, long rejected,
      long cancelled, long reprocessed, long images) {}

  private final ElasticsearchClient elasticsearch;

  BillingCounts(ElasticsearchClient elasticsearch) {
    this.elasticsearch = elasticsearch;
  }

  /** The month's lines, by client, type and path; only the client's when {@code clientId} is not null. */
  public List<Line> month(YearMonth month, String clientId) {
    List<Query> filters = new ArrayList<>();
    filters.add(term("month", month.toString()));
    if (clientId != null) {
      filters.add(term("clientId", clientId));
    }
    List<Line> lines = new ArrayList<>();
    Map<String, FieldValue> after = null;
    do {
      CompositeAggregate page = page(filters, after);
      page.buckets().array().forEach(bucket -> lines.add(line(bucket)));
      after = page.buckets().array().size() < PAGE ? null : page.afterKey();
    } while (after != null);
    return lines;
  }

  private CompositeAggregate page(List<Query> filters, Map<String, FieldValue> after) {
    List<Map<String, CompositeAggregationSource>> sources = KEYS.stream()
        .map(key -> Map.of(key, CompositeAggregationSource.of(source -> source.terms(terms -> terms.field(key)))))
        .toList();
    Aggregation lines = Aggregation.of(aggregation -> aggregation
        .composite(composite -> {
          composite.size(PAGE).sources(sources);
          return after == null ? composite : composite.after(after);
        })
        .aggregations("outcomes", outcomes -> outcomes.terms(terms -> terms.field("outcome").size(10)))
        .aggregations("reprocessed", reprocessed -> reprocessed.filter(filter -> filter.term(term -> term
            .field("reprocess").value(true))))
        .aggregations("images", images -> images.sum(sum -> sum.field("images"))));
    try {
      return elasticsearch.search(search -> search
              .index(BillingProjector.READ_MODEL.name())
              .size(0)
              .query(query -> query.bool(bool -> bool.filter(filters)))
              .aggregations("lines", lines),
          Void.class).aggregations().get("lines").composite();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Line line(CompositeBucket bucket) {
    Map<String, Long> outcomes = new LinkedHashMap<>();
    bucket.aggregations().get("outcomes").sterms().buckets().array()
        .forEach(outcome -> outcomes.put(outcome.key().stringValue(), outcome.docCount()));
    Map<String, Aggregate> sums = bucket.aggregations();
    return new Line(bucket.key().get("clientId").stringValue(), bucket.key().get("type").stringValue(),
        bucket.key().get("path").stringValue(), bucket.docCount(),
        outcomes.getOrDefault(BillingProjection.REPORTED, 0L), outcomes.getOrDefault(BillingProjection.REJECTED, 0L),
        outcomes.getOrDefault(BillingProjection.CANCELLED, 0L), sums.get("reprocessed").filter().docCount(),
        Math.round(sums.get("images").sum().value()));
  }

  private static Query term(String field, String value) {
    return Query.of(query -> query.term(term -> term.field(field).value(value)));
  }
}
