package dev.loupe.readmodels.tasks;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Queries on the tasks read model. */
@Service
public class TaskViews {

  private final ElasticsearchClient elasticsearch;

  TaskViews(ElasticsearchClient elasticsearch) {
    this.elasticsearch = elasticsearch;
  }

  public Optional<TaskView> find(String taskId) {
    try {
      var response = elasticsearch.get(get -> get.index(TasksIndex.ALIAS).id(taskId), TaskView.class);
      return response.found() ? Optional.ofNullable(response.source()) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Tasks waiting for an operator: escalated ones first, then oldest first. */
  public List<TaskView> waitingForOperator(int limit) {
    try {
      return elasticsearch.search(search -> search
                  .index(TasksIndex.ALIAS)
                  .query(query -> query.term(term -> term.field("status").value("WAITING_FOR_OPERATOR")))
                  .sort(sort -> sort.field(field -> field.field("priority").order(SortOrder.Desc)))
                  .sort(sort -> sort.field(field -> field.field("createdAt").order(SortOrder.Asc)))
                  .size(limit),
              TaskView.class)
          .hits().hits().stream()
          .map(Hit::source)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
