package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Bad input, everywhere: every operation of the OpenAPI document gets {@value #TRIES} requests whose path,
 * query, headers and body jqwik generates from the operation's own schemas, bent (wrong types, missing and unknown
 * fields, extreme numbers, odd characters). Each is sent as {@code admin}, who passes every authorization rule, so
 * the handlers themselves meet the input. None may answer 5xx, and the journal must stay consistent: every stream's
 * versions run from 0 without a gap, and its head in {@code journal_stream} is its last event.
 *
 * <p>Generated strings never hold ':' or '/', so no generated image or callback is a URL Loupe would fetch.
 */
@LoupeIntegrationTest
class ApiFuzzIT {

  private static final int TRIES = 12;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Arbitrary<String> TEXT = Arbitraries.strings()
      .withChars("abcxyz019-_. é\"'\\{}[]<>%&?#;,=+*!$()@\u0000\u202e")
      .ofMinLength(0).ofMaxLength(40);
  private static final Arbitrary<Long> NUMBERS = Arbitraries.oneOf(Arbitraries.longs(),
      Arbitraries.of(0L, -1L, 1L, Long.MAX_VALUE, Long.MIN_VALUE, (long) Integer.MAX_VALUE,
          (long) Integer.MAX_VALUE + 1));

  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;
  @Autowired private JdbcClient jdbc;

  @Test
  void shouldAnswerEveryFuzzedRequestWithoutA5xxAndLeaveTheJournalConsistent() {
    OpenAPI api = new OpenAPIV3Parser().readContents(http.getForObject("/v3/api-docs", String.class)).getOpenAPI();
    SoftAssertions softly = new SoftAssertions();
    int requests = 0;

    for (Map.Entry<String, PathItem> path : api.getPaths().entrySet()) {
      for (Map.Entry<PathItem.HttpMethod, Operation> operation : path.getValue().readOperationsMap().entrySet()) {
        for (int i = 0; i < TRIES; i++) {
          Request request = request(api, path.getKey(), operation.getKey(), operation.getValue());
          int status = http.exchange(request.uri(), HttpMethod.valueOf(operation.getKey().name()),
              new HttpEntity<>(request.body(), request.headers()), String.class).getStatusCode().value();
          softly.assertThat(status).as("%s %s with %s", operation.getKey(), request.uri(), request.body())
              .isLessThan(500);
          requests++;
        }
      }
    }

    softly.assertAll();
    assertThat(requests).isGreaterThan(TRIES * 40);
    assertThat(jdbc.sql("""
            SELECT count(*) FROM (
              SELECT stream_id FROM journal_event GROUP BY stream_id
              HAVING min(stream_version) <> 0 OR max(stream_version) <> count(*) - 1) gaps
            """).query(Long.class).single()).as("streams with a gap in their versions").isZero();
    assertThat(jdbc.sql("""
            SELECT count(*) FROM journal_stream s
             WHERE s.version <> (SELECT max(e.stream_version) FROM journal_event e WHERE e.stream_id = s.stream_id)
            """).query(Long.class).single()).as("stream heads that are not their last event").isZero();
  }

  private record Request(String uri, HttpHeaders headers, String body) {}

  private Request request(OpenAPI api, String template, PathItem.HttpMethod method, Operation operation) {
    String uri = template;
    List<String> query = new ArrayList<>();
    HttpHeaders headers = new HttpHeaders();
    for (Parameter parameter : operation.getParameters() == null ? List.<Parameter>of() : operation.getParameters()) {
      String value = scalar(parameter.getSchema());
      switch (parameter.getIn()) {
        case "path" -> uri = uri.replace("{" + parameter.getName() + "}",
            URLEncoder.encode(value.isEmpty() ? "x" : value, StandardCharsets.UTF_8));
        case "query" -> {
          if (Arbitraries.of(true, false).sample()) {
            query.add(parameter.getName() + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
          }
        }
        case "header" -> headers.set(parameter.getName(), value.replaceAll("[^ -~]", "?"));
        default -> { }
      }
    }
    if (!query.isEmpty()) {
      uri = uri + "?" + String.join("&", query);
    }
    String body = null;
    if (method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.DELETE) {
      Content content = operation.getRequestBody() == null ? null : operation.getRequestBody().getContent();
      String mediaType = content == null || content.isEmpty() ? MediaType.APPLICATION_JSON_VALUE
          : content.keySet().iterator().next();
      headers.setContentType(MediaType.parseMediaType(mediaType));
      Schema<?> schema = content == null || content.isEmpty() ? null : content.get(mediaType).getSchema();
      body = mediaType.contains("json") ? value(api, schema, 0).toString() : TEXT.sample();
    }
    return new Request(uri, headers, body);
  }

  /** A value shaped like the schema most of the time, and of another JSON type the rest. */
  private JsonNode value(OpenAPI api, Schema<?> schema, int depth) {
    Schema<?> resolved = resolve(api, schema);
    if (resolved == null || depth > 3 || Arbitraries.integers().between(0, 9).sample() == 0) {
      return anything();
    }
    String type = resolved.getType() != null ? resolved.getType()
        : resolved.getTypes() != null && !resolved.getTypes().isEmpty() ? resolved.getTypes().iterator().next()
        : resolved.getProperties() != null ? "object" : "string";
    return switch (type) {
      case "object" -> {
        ObjectNode object = NODES.objectNode();
        if (resolved.getProperties() != null) {
          resolved.getProperties().forEach((name, property) -> {
            if (Arbitraries.integers().between(0, 4).sample() > 0) {
              object.set(name, value(api, property, depth + 1));
            }
          });
        }
        if (Arbitraries.integers().between(0, 4).sample() == 0) {
          object.put(TEXT.sample(), TEXT.sample());
        }
        yield object;
      }
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        int size = Arbitraries.integers().between(0, 3).sample();
        for (int i = 0; i < size; i++) {
          array.add(value(api, resolved.getItems(), depth + 1));
        }
        yield array;
      }
      case "integer" -> NODES.numberNode(NUMBERS.sample());
      case "number" -> NODES.numberNode(Arbitraries.of(0.0, -1.5, 0.5, 1.0, 1e308, -1e308, 2.5).sample());
      case "boolean" -> NODES.booleanNode(Arbitraries.of(true, false).sample());
      default -> resolved.getEnum() != null && !resolved.getEnum().isEmpty() && Arbitraries.of(true, false).sample()
          ? NODES.textNode(String.valueOf(Arbitraries.of(resolved.getEnum()).sample()))
          : NODES.textNode(TEXT.sample());
    };
  }

  private JsonNode anything() {
    return switch (Arbitraries.integers().between(0, 4).sample()) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.numberNode(NUMBERS.sample());
      case 2 -> NODES.arrayNode().add(TEXT.sample());
      case 3 -> NODES.objectNode().put(TEXT.sample(), NUMBERS.sample());
      default -> NODES.textNode(TEXT.sample());
    };
  }

  private static String scalar(Schema<?> schema) {
    if (schema != null && schema.getEnum() != null && !schema.getEnum().isEmpty() && Arbitraries.of(true, false)
        .sample()) {
      return String.valueOf(Arbitraries.of(schema.getEnum()).sample());
    }
    return Arbitraries.of(true, false).sample() ? String.valueOf(NUMBERS.sample()) : TEXT.sample();
  }

  private static Schema<?> resolve(OpenAPI api, Schema<?> schema) {
    if (schema == null || schema.get$ref() == null) {
      return schema;
    }
    String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
    return api.getComponents() == null ? null : api.getComponents().getSchemas().get(name);
  }
}
