package dev.loupe.submission;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.loupe.readmodels.tasks.TaskSearch;
import dev.loupe.readmodels.tasks.TaskSort;
import dev.loupe.readmodels.tasks.TaskView;
import dev.loupe.readmodels.tasks.TaskViews;
import dev.loupe.security.Callers;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The task manager's list as CSV, with the list's filters and order: every matching task, one row each, streamed
 * page by page after a cursor, so an export of any length holds one page in memory. The page number and cursor of
 * the list do not apply: the export always starts at the first task.
 */
@RestController
@RequestMapping("/api/v1")
class TasksCsvController {

  /** Tasks read from the read model per page while the export streams. */
  static final int PAGE = 500;

  /** Quotes a value only when CSV needs it (a comma, a quote, a line break), not for every dash of a UUID. */
  private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
      .build();
  private static final CsvSchema SCHEMA = CSV.schemaFor(Row.class).withHeader();

  /** One task as a CSV row; a column without a value is empty. */
  @JsonPropertyOrder({"id", "type", "status", "clientId", "classGroup", "model", "modelVersion", "recipe",
      "recipeVersion", "operatorId", "priority", "assistanceReason", "flagReason", "incidentElement",
      "incidentError", "objects", "createdAt", "updatedAt", "finishedAt"})
  record Row(String id, String type, String status, String clientId, String classGroup, String model,
      String modelVersion, String recipe, Integer recipeVersion, String operatorId, int priority,
      String assistanceReason, String flagReason, String incidentElement, String incidentError, int objects,
      String createdAt, String updatedAt, String finishedAt) {

    static Row of(TaskView task) {
      return new Row(task.id(), task.type(), String.valueOf(task.status()), text(task.clientId()),
          task.classGroup() == null ? null : text(task.classGroup().key()),
          task.model() == null ? null : text(task.model().name()),
          task.model() == null ? null : text(task.model().version()),
          task.recipe() == null ? null : task.recipe().processId(),
          task.recipe() == null ? null : task.recipe().processVersion(), text(task.operatorId()), task.priority(),
          task.assistanceReason(), task.flagReason(), task.incident() == null ? null : task.incident().elementId(),
          task.incident() == null ? null : text(task.incident().error()), task.objects().size(), task.createdAt(),
          task.updatedAt(), task.finishedAt());
    }

    /**
     * A text a client or a person chose, made inert for spreadsheets: one starting with {@code = + - @}, a tab or a
     * carriage return gets a leading {@code '}, so opening the export never runs it as a formula (OWASP CSV
     * injection).
     */
    static String text(String value) {
      return value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
  }

  private final TaskViews views;
  private final Callers callers;

  TasksCsvController(TaskViews views, Callers callers) {
    this.views = views;
    this.callers = callers;
  }

  /** {@code GET /api/v1/tasks.csv}: the same query as {@code GET /api/v1/tasks}, every match, as CSV. */
  @GetMapping(value = "/tasks.csv", produces = "text/csv")
  void export(@Valid TaskQuery query, HttpServletResponse response) throws IOException {
    TaskSearch search = query.search(callers.current());
    TaskSort order = query.order();
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"tasks.csv\"");
    try (SequenceWriter rows = CSV.writer(SCHEMA).writeValues(response.getOutputStream())) {
      views.forEach(search, order, PAGE, task -> {
        try {
          rows.write(Row.of(task));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
