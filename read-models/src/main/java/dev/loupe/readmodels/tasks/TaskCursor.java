package dev.loupe.readmodels.tasks;

import co.elastic.clients.elasticsearch._types.FieldValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Where a task list's page ended, for the next page to start after it (Elasticsearch's {@code search_after}): the
 * sort values of its last task, with the order they belong to, as an opaque URL-safe string. A cursor is only good
 * for the order it was made in; the filters may change between pages (the list then simply goes on in that order).
 */
public final class TaskCursor {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NOT_A_CURSOR = "is not a cursor this list gave (use the 'next' of an answer)";

  private TaskCursor() {}

  /** The cursor after a task with these sort values, in that order. */
  public static String after(TaskSort sort, List<FieldValue> values) {
    ObjectNode cursor = JSON.createObjectNode().put("sort", sort.text());
    ArrayNode after = cursor.putArray("after");
    for (FieldValue value : values) {
      switch (value._kind()) {
        case Long -> after.add(value.longValue());
        case Double -> after.add(value.doubleValue());
        case Boolean -> after.add(value.booleanValue());
        case String -> after.add(value.stringValue());
        case Null -> after.addNull();
        default -> throw new IllegalArgumentException("a sort value of kind " + value._kind() + " has no cursor");
      }
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The sort values a cursor continues after.
   *
   * @throws IllegalArgumentException for a string that is no cursor, or a cursor of another order
   */
  public static List<FieldValue> read(String cursor, TaskSort sort) {
    JsonNode decoded;
    try {
      decoded = JSON.readTree(Base64.getUrlDecoder().decode(cursor));
    } catch (IllegalArgumentException | IOException e) {
      throw new IllegalArgumentException(NOT_A_CURSOR, e);
    }
    if (decoded == null || !decoded.path("after").isArray() || !decoded.path("sort").isTextual()) {
      throw new IllegalArgumentException(NOT_A_CURSOR);
    }
    if (!decoded.path("sort").asText().equals(sort.text())) {
      throw new IllegalArgumentException("continues a list sorted by %s, not %s: ask with the same sort"
          .formatted(decoded.path("sort").asText(), sort.text()));
    }
    List<FieldValue> values = new ArrayList<>();
    for (JsonNode value : decoded.path("after")) {
      if (value.isIntegralNumber()) {
        values.add(FieldValue.of(value.asLong()));
      } else if (value.isNumber()) {
        values.add(FieldValue.of(value.asDouble()));
      } else if (value.isBoolean()) {
        values.add(FieldValue.of(value.asBoolean()));
      } else if (value.isTextual()) {
        values.add(FieldValue.of(value.asText()));
      } else if (value.isNull()) {
        values.add(FieldValue.NULL);
      } else {
        throw new IllegalArgumentException(NOT_A_CURSOR);
      }
    }
    boolean fits = values.size() == 2
        && (sort.field().numeric() ? values.getFirst().isLong() : values.getFirst().isString())
        && values.get(1).isString();
    if (!fits) {
      throw new IllegalArgumentException(NOT_A_CURSOR);
    }
    return values;
  }
}
