package dev.loupe.readmodels.tasks;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.readmodels.JournalMessage;
import dev.loupe.task.Task;
import dev.loupe.task.TaskStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/** Queries on the tasks read model. */
@Service
public class TaskViews {

  /** How deep a list may page: Elasticsearch's default {@code index.max_result_window}. */
  public static final int RESULT_WINDOW = 10_000;

  private final ElasticsearchClient elasticsearch;
  private final EventJournal journal;
  private final TaskViewProjection projection;
  private final ObjectMapper json;

  TaskViews(ElasticsearchClient elasticsearch, EventJournal journal, TaskViewProjection projection,
      ObjectMapper json) {
    this.elasticsearch = elasticsearch;
    this.journal = journal;
    this.projection = projection;
    this.json = json;
  }

  /** The task's view as the read model has it. */
  public Optional<TaskView> find(String taskId) {
    try {
      var response = elasticsearch.get(get -> get.index(TasksProjector.READ_MODEL.name()).id(taskId), TaskView.class);
      return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The task's view; for a task the projection has not reached yet at all (right after its creation), its journal
   * folded with the projection's own fold. A view that exists but lags is returned as it is.
   */
  public Optional<TaskView> findOrFold(String taskId) {
    return find(taskId).or(() -> projection.fold(journal.readStream(Task.streamId(taskId)).stream()
        .map(event -> JournalMessage.of(event, json))
        .toList()));
  }

  /**
   * A page of tasks, how many match in all, and how many of those match per status whatever the status filter
   * (the task manager's counts). {@code next} continues after this page in the same order ({@link TaskCursor});
   * null when the page is not full, so no task follows it.
   */
  public record TaskPage(List<TaskView> items, long total, int page, int size, Map<String, Long> statuses,
      String sort, String next) {}

  /**
   * Which page of a list: by number ({@code page} from 0, {@code size} per page, within the
   * {@value #RESULT_WINDOW} first matches) or after a cursor ({@code after}, with page 0), in {@code sort}'s order.
   */
  public record PageRequest(int page, int size, TaskSort sort, String after) {}

  /**
   * Tasks matching the search, in the request's order.
   *
   * @throws IllegalArgumentException for a cursor that is none, or one of another order
   */
  public TaskPage search(TaskSearch search, PageRequest request) {
    List<Query> filters = filters(search);
    List<Query> withStatus = new ArrayList<>(filters);
    addTerm(withStatus, "status", search.status() == null ? null : search.status().name());
    List<FieldValue> after = request.after() == null ? null : TaskCursor.read(request.after(), request.sort());
    try {
      var response = elasticsearch.search(query -> {
        query.index(TasksProjector.READ_MODEL.name())
            .query(match -> match.bool(bool -> bool.filter(filters)))
            .postFilter(match -> match.bool(bool -> bool.filter(withStatus)))
            .aggregations("statuses", aggregation -> aggregation.terms(terms -> terms.field("status").size(50)))
            .sort(sortOf(request.sort()))
            .size(request.size())
            .trackTotalHits(total -> total.enabled(true));
        return after == null ? query.from(request.page() * request.size()) : query.searchAfter(after);
      }, TaskView.class);
      Map<String, Long> statuses = new TreeMap<>();
      response.aggregations().get("statuses").sterms().buckets().array()
          .forEach(bucket -> statuses.put(bucket.key().stringValue(), bucket.docCount()));
      List<Hit<TaskView>> hits = response.hits().hits();
      String next = hits.size() < request.size() ? null : TaskCursor.after(request.sort(), hits.getLast().sort());
      return new TaskPage(hits.stream().map(Hit::source).toList(),
          response.hits().total() == null ? 0 : response.hits().total().value(), request.page(), request.size(),
          statuses, request.sort().text(), next);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every task matching the search, in the sort's order, page by page after a cursor ({@code pageSize} at a time),
   * so a list of any length is read without holding more than one page.
   */
  public void forEach(TaskSearch search, TaskSort sort, int pageSize, Consumer<TaskView> each) {
    List<Query> filters = filters(search);
    addTerm(filters, "status", search.status() == null ? null : search.status().name());
    eachHit(Query.of(match -> match.bool(bool -> bool.filter(filters))), sortOf(sort), pageSize, false,
        hit -> each.accept(hit.source()));
  }

  /**
   * The ids of the tasks whose run goes on (not reported, not cancelled) on a recipe version, as far as the read model
   * knows, {@code pageSize} at a time after a cursor: the recipes screen derives where each one is from its journal.
   */
  public void forEachRunningOn(String processId, int processVersion, int pageSize, Consumer<String> each) {
    List<Query> filters = List.of(
        Query.of(query -> query.term(term -> term.field("recipe.processId").value(processId))),
        Query.of(query -> query.term(term -> term.field("recipe.processVersion").value(processVersion))));
    Query finished = Query.of(query -> query.exists(exists -> exists.field("finishedAt")));
    eachHit(Query.of(match -> match.bool(bool -> bool.filter(filters).mustNot(finished))),
        List.of(SortOptions.of(option -> option.field(field -> field.field("id").order(SortOrder.Asc)))), pageSize,
        true, hit -> each.accept(hit.id()));
  }

  /** Every hit of the query in the sort's order, read page by page after a cursor; only ids when {@code idsOnly}. */
  private void eachHit(Query match, List<SortOptions> sort, int pageSize, boolean idsOnly,
      Consumer<Hit<TaskView>> each) {
    List<FieldValue> after = null;
    while (true) {
      List<FieldValue> from = after;
      List<Hit<TaskView>> hits;
      try {
        hits = elasticsearch.search(query -> {
          query.index(TasksProjector.READ_MODEL.name())
              .query(match)
              .sort(sort)
              .size(pageSize)
              .trackTotalHits(total -> total.enabled(false));
          if (idsOnly) {
            query.source(source -> source.fetch(false));
          }
          return from == null ? query : query.searchAfter(from);
        }, TaskView.class).hits().hits();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      hits.forEach(each);
      if (hits.size() < pageSize) {
        return;
      }
      after = hits.getLast().sort();
    }
  }

  private static List<Query> filters(TaskSearch search) {
    List<Query> filters = new ArrayList<>();
    addTerm(filters, "clientId", search.clientId());
    addTerm(filters, "type", search.type());
    addTerm(filters, "classGroup.key", search.classGroupKey());
    addTerm(filters, "operatorId", search.operatorId());
    addTerm(filters, "model.name", search.model());
    addTerm(filters, "model.version", search.modelVersion());
    addRange(filters, "createdAt", search.createdFrom(), search.createdTo());
    addRange(filters, "finishedAt", search.finishedFrom(), search.finishedTo());
    if (search.needsAttention()) {
      filters.add(Query.of(query -> query.bool(attention -> attention
          .should(escalated -> escalated.range(range -> range.number(number -> number.field("priority").gt(0.0))))
          .should(failed -> failed.term(term -> term.field("status").value(TaskStatus.DELIVERY_FAILED.name())))
          .should(incident -> incident.exists(exists -> exists.field("incident.jobKey")))
          .minimumShouldMatch("1"))));
    }
    return filters;
  }

  /** Created or finished at or after {@code from} and before {@code to}. */
  private static void addRange(List<Query> filters, String field, Instant from, Instant to) {
    if (from == null && to == null) {
      return;
    }
    filters.add(Query.of(query -> query.range(range -> range.date(date -> {
      date.field(field);
      if (from != null) {
        date.gte(from.toString());
      }
      if (to != null) {
        date.lt(to.toString());
      }
      return date;
    }))));
  }

  /** The sort's field, tasks without it last, then the task id as the tiebreaker. */
  private static List<SortOptions> sortOf(TaskSort sort) {
    SortOrder order = sort.descending() ? SortOrder.Desc : SortOrder.Asc;
    return List.of(
        SortOptions.of(option -> option.field(field -> field.field(sort.field().path()).order(order).missing("_last"))),
        SortOptions.of(option -> option.field(field -> field.field("id").order(SortOrder.Asc))));
  }

  private static void addTerm(List<Query> filters, String field,
      String value) {
    if (value != null && !value.isBlank()) {
      filters.add(Query.of(query -> query
          .term(term -> term.field(field).value(value))));
    }
  }

  /**
   * Tasks waiting for an operator within the scope, escalated ones first, then oldest first, leaving out the
   * {@code excluding} ids (tasks a caller already found taken).
   */
  public List<TaskView> waitingForOperator(InboxScope scope, Set<String> excluding, int limit) {
    return waitingForOperator(scope, InboxFilter.NONE, excluding, 0, limit);
  }

  /** One page of the tasks waiting within the scope that pass the filter, in the inbox's order. */
  public List<TaskView> waitingForOperator(InboxScope scope, InboxFilter filter, Set<String> excluding, int page,
      int size) {
    if (!scope.holdsAnything()) {
      return List.of();
    }
    try {
      return elasticsearch.search(search -> search
                  .index(TasksProjector.READ_MODEL.name())
                  .query(inbox(scope, filter, excluding))
                  .sort(sort -> sort.field(field -> field.field("priority").order(SortOrder.Desc)))
                  .sort(sort -> sort.field(field -> field.field("createdAt").order(SortOrder.Asc)))
                  .from(page * size)
                  .size(size),
              TaskView.class)
          .hits().hits().stream()
          .map(Hit::source)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many tasks wait within the scope, per task type. */
  public Map<String, Long> waitingPerType(InboxScope scope) {
    if (!scope.holdsAnything()) {
      return Map.of();
    }
    try {
      Map<String, Long> counts = new TreeMap<>();
      elasticsearch.search(search -> search
                  .index(TasksProjector.READ_MODEL.name())
                  .query(inbox(scope, InboxFilter.NONE, Set.of()))
                  .size(0)
                  .aggregations("types", aggregation -> aggregation.terms(terms -> terms.field("type").size(100))),
              Void.class)
          .aggregations().get("types").sterms().buckets().array()
          .forEach(bucket -> counts.put(bucket.key().stringValue(), bucket.docCount()));
      return counts;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many tasks of a type wait in the operators' inbox, and how many an operator has claimed. */
  public record OperatorWork(long waiting, long claimed) {}

  /** Per task type, the tasks waiting for an operator and those claimed by one, everyone's: one aggregation. */
  public Map<String, OperatorWork> operatorWorkPerType() {
    try {
      Map<String, OperatorWork> work = new TreeMap<>();
      elasticsearch.search(search -> search
                  .index(TasksProjector.READ_MODEL.name())
                  .query(query -> query.terms(terms -> terms.field("status").terms(set -> set.value(List.of(
                      FieldValue.of(TaskStatus.WAITING_FOR_OPERATOR.name()),
                      FieldValue.of(TaskStatus.IN_PROGRESS.name()))))))
                  .size(0)
                  .aggregations("types", types -> types
                      .terms(terms -> terms.field("type").size(100))
                      .aggregations("statuses", statuses -> statuses.terms(terms -> terms.field("status").size(2)))),
              Void.class)
          .aggregations().get("types").sterms().buckets().array()
          .forEach(type -> {
            Map<String, Long> perStatus = new TreeMap<>();
            type.aggregations().get("statuses").sterms().buckets().array()
                .forEach(status -> perStatus.put(status.key().stringValue(), status.docCount()));
            work.put(type.key().stringValue(), new OperatorWork(
                perStatus.getOrDefault(TaskStatus.WAITING_FOR_OPERATOR.name(), 0L),
                perStatus.getOrDefault(TaskStatus.IN_PROGRESS.name(), 0L)));
          });
      return work;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Query inbox(InboxScope scope, InboxFilter filter, Set<String> excluding) {
    List<Query> slices = scope.scopes().stream().filter(WorkScope::takesAnything).map(TaskViews::slice).toList();
    List<Query> narrowing = new ArrayList<>();
    addTerm(narrowing, "type", filter.type());
    addTerm(narrowing, "classGroup.key", filter.classGroupKey());
    if (filter.minPriority() != null) {
      narrowing.add(Query.of(query -> query.range(range -> range.number(number -> number.field("priority")
          .gte(filter.minPriority().doubleValue())))));
    }
    if (filter.createdBefore() != null) {
      narrowing.add(Query.of(query -> query.range(range -> range.date(date -> date.field("createdAt")
          .lt(filter.createdBefore().toString())))));
    }
    return Query.of(query -> query.bool(bool -> {
      bool.filter(waitingForOperator());
      bool.filter(narrowing);
      if (!scope.everything()) {
        bool.filter(anyOf -> anyOf.bool(any -> any.should(slices).minimumShouldMatch("1")));
      }
      if (!excluding.isEmpty()) {
        bool.mustNot(taken -> taken.ids(ids -> ids.values(List.copyOf(excluding))));
      }
      return bool;
    }));
  }

  private static Query waitingForOperator() {
    return Query.of(query -> query.term(term -> term.field("status").value(TaskStatus.WAITING_FOR_OPERATOR.name())));
  }

  private static Query slice(WorkScope scope) {
    List<Query> terms = new ArrayList<>();
    addTerms(terms, "type", scope.taskTypes());
    addTerms(terms, "classGroup.key", scope.classGroups());
    return Query.of(query -> query.bool(bool -> bool.filter(terms)));
  }

  private static void addTerms(List<Query> filters, String field, List<String> values) {
    if (!values.isEmpty()) {
      filters.add(Query.of(query -> query.terms(terms -> terms.field(field)
          .terms(set -> set.value(values.stream().map(FieldValue::of)
              .toList())))));
    }
  }
}
