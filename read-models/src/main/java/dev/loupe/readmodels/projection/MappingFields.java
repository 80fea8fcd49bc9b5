package dev.loupe.readmodels.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.TreeSet;

/**
 * The fields of an index mapping, by path ({@code recipe.processId}), to tell which fields a live index lacks. A
 * field added to a live index's mapping is empty in every document written before it, so the index is marked with
 * those fields ({@code _meta.unfilled}) until a rebuild fills them: a rebuild's index is created from the read
 * model's mapping, without the mark, and a start-up that stopped before the rebuild ended finds the mark again.
 */
final class MappingFields {

  static final String UNFILLED = "unfilled";

  private static final ObjectMapper JSON = new ObjectMapper();

  private MappingFields() {}

  /** The paths of the fields {@code wanted} maps that {@code live} does not. */
  static Set<String> missing(String wanted, String live) {
    Set<String> missing = paths(read(wanted));
    missing.removeAll(paths(read(live)));
    return missing;
  }

  /** The fields the live index is marked as not filled yet. */
  static Set<String> unfilled(String live) {
    Set<String> unfilled = new TreeSet<>();
    read(live).path("_meta").path(UNFILLED).forEach(field -> unfilled.add(field.asText()));
    return unfilled;
  }

  /** The mapping, marked with the fields not filled yet (unmarked when there are none). */
  static String marked(String mapping, Set<String> unfilled) {
    ObjectNode marked = (ObjectNode) read(mapping);
    ObjectNode meta = marked.putObject("_meta");
    meta.putArray(UNFILLED).addAll(unfilled.stream().map(JSON.getNodeFactory()::textNode).toList());
    return marked.toString();
  }

  private static Set<String> paths(JsonNode mapping) {
    Set<String> paths = new TreeSet<>();
    collect("", mapping.path("properties"), paths);
    return paths;
  }

  private static void collect(String prefix, JsonNode properties, Set<String> paths) {
    properties.properties().forEach(field -> {
      String path = prefix + field.getKey();
      paths.add(path);
      collect(path + ".", field.getValue().path("properties"), paths);
    });
  }

  private static JsonNode read(String mapping) {
    try {
      return JSON.readTree(mapping);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON mapping: " + e.getOriginalMessage(), e);
    }
  }
}
