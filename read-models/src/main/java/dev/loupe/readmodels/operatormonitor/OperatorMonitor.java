package dev.loupe.readmodels.operatormonitor;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeAggregationSource;
import co.elastic.clients.elasticsearch._types.aggregations.CompositeBucket;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The operator monitor's queries on the {@code operator-sessions} index: the sessions themselves, and figures per
 * operator per day and per team summed by Elasticsearch's aggregations (never by loading the sessions), with the
 * rates computed here from the sums. Days are UTC dates of a session's end; a range is inclusive.
 */
@Service
public class OperatorMonitor {

  /** Elasticsearch counts distinct tasks exactly up to this many per bucket, closely beyond. */
  private static final int MAX_EXACT_TASKS = 40_000;
  /** Operator-days per composite aggregation page. */
  private static final int DAYS_PAGE = 1_000;
  private static final List<String> SUMS =
      List.of("activeSeconds", "added", "moved", "relabeled", "removed", "textsCorrected", "objectsChanged");

  /**
   * Which sessions: {@code operators} null for everyone's (an empty list matches nobody's), ended between
   * {@code from} and {@code to}, both inclusive (null: open-ended).
   */
  public record Scope(List<String> operators, LocalDate from, LocalDate to) {}

  /** A page of sessions, the latest ended first, with how many match in all. */
  public record SessionPage(List<SessionView> sessions, long total, int page, int size) {}

  /**
   * What a set of sessions adds up to: {@code unusable} sessions ended by the operator's verdict that an image cannot
   * be used (ImageDeclaredUnusable), {@code released} by a give-back or an idle claim. {@code objectsPerMinute} = objectsChanged / (activeSeconds / 60), null
   * without active time; {@code acceptedUnchangedShare} = acceptedUnchanged / checkedAutomaticResults, null without
   * a check.
   */
  public record Figures(long sessions, long finished, long released, long unusable, long tasks, long activeSeconds,
      long added, long moved, long relabeled, long removed, long textsCorrected, long objectsChanged,
      Double objectsPerMinute,
      long checkedAutomaticResults, long acceptedUnchanged, Double acceptedUnchangedShare) {}

  /** One operator's figures on one day. */
  public record OperatorDay(String operatorId, String day, Figures figures) {}

  /** One team's figures over its members' sessions; {@code members} as the team has them now. */
  public record TeamFigures(String team, List<String> members, Figures figures) {}

  private final ElasticsearchClient elasticsearch;

  OperatorMonitor(ElasticsearchClient elasticsearch) {
    this.elasticsearch = elasticsearch;
  }

  public SessionPage sessions(Scope scope, int page, int size) {
    try {
      var response = elasticsearch.search(search -> search
              .index(OperatorSessionsProjector.READ_MODEL.name())
              .query(filter(scope))
              .sort(sort -> sort.field(field -> field.field("endedAt").order(SortOrder.Desc)))
              .sort(sort -> sort.field(field -> field.field("sessionId").order(SortOrder.Asc)))
              .from(page * size)
              .size(size)
              .trackTotalHits(total -> total.enabled(true)),
          SessionView.class);
      return new SessionPage(response.hits().hits().stream().map(Hit::source).toList(),
          response.hits().total() == null ? 0 : response.hits().total().value(), page, size);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The figures of each operator on each day they ended a session, by operator then day. */
  public List<OperatorDay> days(Scope scope) {
    List<OperatorDay> days = new ArrayList<>();
    if (scope.operators() != null && scope.operators().isEmpty()) {
      return days;
    }
    Map<String, FieldValue> after = null;
    do {
      Map<String, FieldValue> from = after;
      Aggregate page = search(filter(scope), Map.of("days", Aggregation.of(aggregation -> aggregation
          .composite(composite -> {
            composite.size(DAYS_PAGE)
                .sources(Map.of("operatorId", CompositeAggregationSource.of(source -> source
                    .terms(terms -> terms.field("operatorId")))))
                .sources(Map.of("day", CompositeAggregationSource.of(source -> source
                    .terms(terms -> terms.field("day")))));
            return from == null ? composite : composite.after(from);
          })
          .aggregations(figures())))).get("days");
      List<CompositeBucket> buckets = page.composite().buckets().array();
      buckets.forEach(bucket -> days.add(new OperatorDay(bucket.key().get("operatorId").stringValue(),
          bucket.key().get("day").stringValue(), figures(bucket.docCount(), bucket.aggregations()))));
      after = buckets.size() < DAYS_PAGE ? null : page.composite().afterKey();
    } while (after != null);
    return days;
  }

  /** Each team's figures over the sessions of its members, in the order given; one request for all of them. */
  public List<TeamFigures> teams(Map<String, List<String>> membersByTeam, LocalDate from, LocalDate to) {
    Map<String, Query> withMembers = new LinkedHashMap<>();
    membersByTeam.forEach((team, members) -> {
      if (!members.isEmpty()) {
        withMembers.put(team, Query.of(query -> query.terms(terms -> terms.field("operatorId")
            .terms(values -> values.value(members.stream().map(FieldValue::of).toList())))));
      }
    });
    Map<String, Figures> byTeam = new LinkedHashMap<>();
    if (!withMembers.isEmpty()) {
      Aggregate teams = search(filter(new Scope(null, from, to)), Map.of("teams", Aggregation.of(aggregation ->
          aggregation.filters(filters -> filters.filters(keyed -> keyed.keyed(withMembers)))
              .aggregations(figures())))).get("teams");
      teams.filters().buckets().keyed().forEach((team, bucket) ->
          byTeam.put(team, figures(bucket.docCount(), bucket.aggregations())));
    }
    return membersByTeam.entrySet().stream()
        .map(team -> new TeamFigures(team.getKey(), team.getValue(),
            byTeam.getOrDefault(team.getKey(), figures(0, Map.of()))))
        .toList();
  }

  private static Query filter(Scope scope) {
    List<Query> filters = new ArrayList<>();
    if (scope.operators() != null) {
      filters.add(Query.of(query -> query.terms(terms -> terms.field("operatorId")
          .terms(values -> values.value(scope.operators().stream().map(FieldValue::of).toList())))));
    }
    if (scope.from() != null || scope.to() != null) {
      filters.add(Query.of(query -> query.range(range -> range.term(term -> {
        term.field("day");
        if (scope.from() != null) {
          term.gte(scope.from().toString());
        }
        if (scope.to() != null) {
          term.lte(scope.to().toString());
        }
        return term;
      }))));
    }
    return Query.of(query -> query.bool(bool -> bool.filter(filters)));
  }

  private Map<String, Aggregate> search(Query query, Map<String, Aggregation> aggregations) {
    try {
      return elasticsearch.search(search -> search
              .index(OperatorSessionsProjector.READ_MODEL.name())
              .size(0)
              .query(query)
              .aggregations(aggregations),
          Void.class).aggregations();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Per bucket: distinct tasks, the finished sessions, those ended as unusable, the checks and the accepted ones, and each sum. */
  private static Map<String, Aggregation> figures() {
    Map<String, Aggregation> figures = new LinkedHashMap<>();
    figures.put("tasks", Aggregation.of(tasks -> tasks.cardinality(cardinality -> cardinality.field("taskId")
        .precisionThreshold(MAX_EXACT_TASKS))));
    figures.put("finished", Aggregation.of(finished -> finished.filter(filter -> filter.term(term -> term
        .field("outcome").value(SessionProjection.FINISHED)))));
    figures.put("unusable", Aggregation.of(unusable -> unusable.filter(filter -> filter.term(term -> term
        .field("outcome").value(SessionProjection.UNUSABLE)))));
    figures.put("checked", Aggregation.of(checked -> checked.filter(filter -> filter.term(term -> term
        .field("checkedAutomaticResult").value(true)))));
    figures.put("accepted", Aggregation.of(accepted -> accepted.filter(filter -> filter.term(term -> term
        .field("acceptedUnchanged").value(true)))));
    SUMS.forEach(sum -> figures.put(sum, Aggregation.of(aggregation -> aggregation.sum(field -> field.field(sum)))));
    return figures;
  }

  private static Figures figures(long sessions, Map<String, Aggregate> aggregations) {
    if (sessions == 0) {
      return new Figures(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null, 0, 0, null);
    }
    long finished = aggregations.get("finished").filter().docCount();
    long unusable = aggregations.get("unusable").filter().docCount();
    long checked = aggregations.get("checked").filter().docCount();
    long accepted = aggregations.get("accepted").filter().docCount();
    long activeSeconds = sum(aggregations, "activeSeconds");
    long objectsChanged = sum(aggregations, "objectsChanged");
    return new Figures(sessions, finished, sessions - finished - unusable, unusable,
        aggregations.get("tasks").cardinality().value(),
        activeSeconds, sum(aggregations, "added"), sum(aggregations, "moved"), sum(aggregations, "relabeled"),
        sum(aggregations, "removed"), sum(aggregations, "textsCorrected"), objectsChanged,
        activeSeconds == 0 ? null : objectsChanged * 60.0 / activeSeconds, checked, accepted,
        checked == 0 ? null : accepted / (double) checked);
  }

  private static long sum(Map<String, Aggregate> aggregations, String field) {
    return Math.round(aggregations.get(field).sum().value());
  }
}
