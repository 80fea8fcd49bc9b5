package dev.loupe.readmodels.tasks;

import java.util.Arrays;
import java.util.Locale;

/**
 * The order of a task list: one field, ascending or descending, then the task id ascending as the tiebreaker, so
 * the order is total and a cursor ({@link TaskCursor}) continues exactly where a page ended. Tasks without the
 * field (not finished yet, for {@code finishedAt}) come last either way.
 */
public record TaskSort(Field field, boolean descending) {

  /** Newest first: the list's order when none is asked for. */
  public static final TaskSort NEWEST_FIRST = new TaskSort(Field.CREATED_AT, true);

  /** The fields a list can be sorted by, as the API names them (and the documents hold them). */
  public enum Field {
    CREATED_AT("createdAt", true),
    UPDATED_AT("updatedAt", true),
    FINISHED_AT("finishedAt", true),
    PRIORITY("priority", true),
    STATUS("status", false);

    private final String path;
    private final boolean numeric;

    Field(String path, boolean numeric) {
      this.path = path;
      this.numeric = numeric;
    }

    public String path() {
      return path;
    }

    /** Whether Elasticsearch sorts it by a number (a date's epoch milliseconds, an integer), else by text. */
    public boolean numeric() {
      return numeric;
    }
  }

  /**
   * Reads {@code <field>} or {@code <field>,asc|desc} ({@code createdAt,desc}); a field alone is ascending.
   *
   * @throws IllegalArgumentException saying which fields and orders there are
   */
  public static TaskSort parse(String text) {
    String[] parts = text.split(",", -1);
    Field field = Arrays.stream(Field.values())
        .filter(candidate -> candidate.path.equals(parts[0].strip()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("sorts by one of " + Arrays.stream(Field.values())
            .map(Field::path).toList() + ", then ,asc or ,desc; not '" + text + "'"));
    if (parts.length == 1) {
      return new TaskSort(field, false);
    }
    String order = parts[1].strip().toLowerCase(Locale.ROOT);
    if (parts.length > 2 || !(order.equals("asc") || order.equals("desc"))) {
      throw new IllegalArgumentException("orders by asc or desc after the field; not '" + text + "'");
    }
    return new TaskSort(field, order.equals("desc"));
  }

  /** As {@link #parse} reads it: {@code createdAt,desc}. */
  public String text() {
    return field.path + (descending ? ",desc" : ",asc");
  }
}
