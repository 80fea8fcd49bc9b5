package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.readmodels.billing.BilledRun;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The billing read model against the real embedded servers: task streams journaled straight into the journal (no
 * recipe runs them) are billed per client, month, type and path as an independent SQL count over the journal's
 * events says, priced with the client's prices, answered as JSON and CSV, to admins and to the client's own key only;
 * and a rebuild from the journal makes the same documents.
 */
@LoupeIntegrationTest
class BillingIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private static final String MARCH = "2025-03";
  private static final String APRIL = "2025-04";
  private static final String REPORTED = "{\"callbackUrl\":\"http://127.0.0.1:9/cb\",\"httpStatus\":200}";

  /**
   * Every billed run of the given clients, counted from the journal's events by SQL alone: a run is a task's events
   * after its creation or its n-th TaskReprocessRequested; it ends at its first TaskReported or TaskCancelled.
   */
  private static final String JOURNAL_COUNT = """
      WITH task_event AS (
        SELECT e.stream_id, e.stream_version, e.event_type, e.event_time, e.payload,
               (SELECT count(*) FROM journal_event r
                 WHERE r.stream_id = e.stream_id AND r.event_type = 'TaskReprocessRequested'
                   AND r.stream_version < e.stream_version) AS run
          FROM journal_event e
         WHERE e.stream_id IN (SELECT stream_id FROM journal_event
                                WHERE event_type = 'TaskCreated' AND payload->>'clientId' IN (:clients))
      ), ending AS (
        SELECT DISTINCT ON (stream_id, run) stream_id, run, stream_version, event_type, event_time
          FROM task_event
         WHERE event_type IN ('TaskReported', 'TaskCancelled')
         ORDER BY stream_id, run, stream_version
      ), billed AS (
        SELECT c.payload->>'clientId' AS client, c.payload->>'type' AS type,
               CASE WHEN EXISTS (SELECT 1 FROM task_event x
                                  WHERE x.stream_id = b.stream_id AND x.run = b.run
                                    AND x.stream_version < b.stream_version
                                    AND (x.event_type = 'ModelNotFound' OR (x.event_type = 'AssistanceRequested'
                                         AND x.payload->>'reason' = 'MODEL_NOT_FOUND'))) THEN 'operator'
                    WHEN EXISTS (SELECT 1 FROM task_event x
                                  WHERE x.stream_id = b.stream_id AND x.run = b.run
                                    AND x.stream_version < b.stream_version
                                    AND x.event_type = 'QualityCheckDecided'
                                    AND (x.payload->>'required')::boolean) THEN 'checked'
                    ELSE 'automatic' END AS path,
               to_char(b.event_time AT TIME ZONE 'UTC', 'YYYY-MM') AS month,
               CASE WHEN b.event_type = 'TaskCancelled' THEN 'cancelled'
                    WHEN EXISTS (SELECT 1 FROM task_event x
                                  WHERE x.stream_id = b.stream_id AND x.run = b.run
                                    AND x.stream_version < b.stream_version
                                    AND x.event_type = 'ImageRejected') THEN 'rejected'
                    ELSE 'reported' END AS outcome,
               b.run > 0 AS reprocess,
               jsonb_array_length(c.payload->'images') AS images
          FROM ending b
          JOIN task_event c ON c.stream_id = b.stream_id AND c.event_type = 'TaskCreated'
      )
      SELECT concat_ws('|', month, client, type, path, count(*),
                       count(*) FILTER (WHERE outcome = 'reported'), count(*) FILTER (WHERE outcome = 'rejected'),
                       count(*) FILTER (WHERE outcome = 'cancelled'), count(*) FILTER (WHERE reprocess),
                       sum(images)) AS line
        FROM billed
       GROUP BY month, client, type, path
      """;

  @Autowired private EventJournal journal;
  @Autowired private JdbcClient jdbc;
  @Autowired private ElasticsearchClient elasticsearch;
  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;

  @Test
  void shouldBillEachClientsRunsPerMonthTypeAndPathAsTheJournalCountsThemPricedWithTheClientsPrices()
      throws Exception {
    // given: two clients, one with prices, and their tasks' streams in the journal
    Client acme = register("acme");
    Client other = register("other");
    assertThat(JsonRequests.put(http, "/api/v1/clients/" + acme.id() + "/prices", """
        {"prices":[{"type":"product-detection","path":"automatic","unitPrice":0.10},
                   {"type":"product-detection","path":"checked","unitPrice":0.25},
                   {"type":"product-detection","path":"operator","unitPrice":1}]}""").getStatusCode())
        .isEqualTo(HttpStatus.OK);
    journalMarchAndApril(acme.id(), other.id());

    // when: the projection has billed them
    await().atMost(PATIENCE).until(() -> bill(MARCH, acme.id()).path("totals").path("runs").asLong() == 6
        && bill(APRIL, acme.id()).path("totals").path("runs").asLong() == 1
        && bill(MARCH, other.id()).path("totals").path("runs").asLong() == 1);

    // then: the bills' lines are the journal's SQL count, line for line
    Set<String> billed = new TreeSet<>();
    for (String month : List.of(MARCH, APRIL)) {
      for (Client client : List.of(acme, other)) {
        billed.addAll(lines(bill(month, client.id())));
      }
    }
    assertThat(billed).isEqualTo(new TreeSet<>(jdbc.sql(JOURNAL_COUNT).param("clients", List.of(acme.id(), other.id()))
        .query(String.class).list()));
    assertThat(billed).containsExactlyInAnyOrder(
        MARCH + "|" + acme.id() + "|product-detection|automatic|4|2|1|1|0|6",
        MARCH + "|" + acme.id() + "|product-detection|checked|1|1|0|0|0|1",
        MARCH + "|" + acme.id() + "|product-detection|operator|1|1|0|0|0|3",
        APRIL + "|" + acme.id() + "|product-detection|automatic|1|1|0|0|1|3",
        MARCH + "|" + other.id() + "|price-tag-reading|automatic|1|1|0|0|0|1");

    // and: delivered results are priced; rejected and cancelled runs are not; a line without a price has none
    JsonNode march = bill(MARCH, acme.id());
    assertThat(march.path("currency").asText()).isEqualTo("EUR");
    assertThat(march.path("clients").get(0).path("lines").findValues("amount")).extracting(JsonNode::decimalValue)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("0.20"), new BigDecimal("0.25"), new BigDecimal("1.00"));
    assertThat(march.path("totals").path("amount").decimalValue()).isEqualByComparingTo("1.45");
    JsonNode otherLine = bill(MARCH, other.id()).path("clients").get(0).path("lines").get(0);
    assertThat(otherLine.path("unitPrice").isNull()).isTrue();
    assertThat(otherLine.path("amount").decimalValue()).isEqualByComparingTo("0");

    // and: the client's own key gets its own bill, as CSV too, and is refused another client's
    ResponseEntity<String> own = JsonRequests.getAs(acme.apiKey(), http, "/api/v1/billing?month=" + MARCH);
    assertThat(json.readTree(own.getBody())).isEqualTo(march);
    ResponseEntity<String> csv = JsonRequests.getAs(acme.apiKey(), http,
        "/api/v1/billing?month=" + MARCH + "&format=csv");
    assertThat(csv.getHeaders().getContentType().isCompatibleWith(MediaType.valueOf("text/csv"))).isTrue();
    assertThat(csv.getBody()).isEqualTo("""
        month,client,type,path,runs,reported,rejected,cancelled,reprocessed,images,unit_price,amount,currency\r
        2025-03,%1$s,product-detection,automatic,4,2,1,1,0,6,0.1000,0.20,EUR\r
        2025-03,%1$s,product-detection,checked,1,1,0,0,0,1,0.2500,0.25,EUR\r
        2025-03,%1$s,product-detection,operator,1,1,0,0,0,3,1.0000,1.00,EUR\r
        """.formatted(acme.id()));
    assertThat(JsonRequests.getAs(acme.apiKey(), http, "/api/v1/billing?month=" + MARCH + "&client=" + other.id())
        .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
  }

  @Test
  void shouldRefuseAMonthThatIsNotYearDashMonth() {
    ResponseEntity<String> refused = http.getForEntity("/api/v1/billing?month=2025-3", String.class);

    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getHeaders().getContentType().toString()).startsWith("application/problem+json");
    assertThat(refused.getBody()).contains("month");
  }

  @Test
  void shouldMakeTheSameBilledRunsWhenRebuiltFromTheJournal() throws Exception {
    // given
    Client acme = register("rebuilt");
    Client other = register("rebuilt-other");
    journalMarchAndApril(acme.id(), other.id());
    await().atMost(PATIENCE).until(() -> billedRuns(acme.id(), other.id()).size() == 8);
    List<BilledRun> before = billedRuns(acme.id(), other.id());

    // when
    assertThat(http.postForEntity("/api/v1/read-models/billing/rebuild", null, String.class).getStatusCode())
        .isEqualTo(HttpStatus.ACCEPTED);
    JsonNode done = await().atMost(PATIENCE).until(
        () -> json.readTree(http.getForEntity("/api/v1/read-models/billing", String.class).getBody()),
        state -> List.of("DONE", "FAILED").contains(state.path("rebuild").path("state").asText()));

    // then
    assertThat(done.path("rebuild").path("state").asText()).isEqualTo("DONE");
    assertThat(done.path("index").asText()).isEqualTo(done.path("rebuild").path("toIndex").asText());
    assertThat(billedRuns(acme.id(), other.id())).isEqualTo(before);
  }

  private record Client(String id, String apiKey) {}

  private Client register(String name) throws Exception {
    String id = "billing-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    JsonNode registered = json.readTree(JsonRequests.post(http, "/api/v1/clients",
        "{\"id\":\"%s\",\"name\":\"%s\"}".formatted(id, name), null).getBody());
    return new Client(id, registered.path("apiKey").asText());
  }

  /**
   * In March: an automatic run reported at the month's last second, a checked one, one without a model (reprocessed
   * and reported automatically in April), a rejected one, a cancelled one, and one resent to an operator and reported
   * again; and one of the other client's.
   */
  private void journalMarchAndApril(String client, String otherClient) {
    task(client, "product-detection", 2)
        .then("QualityCheckDecided", "{\"required\":false,\"reason\":\"CONFIDENT\"}")
        .at("2025-03-31T23:59:59Z").then("TaskReported", REPORTED).append();
    task(client, "product-detection", 1)
        .then("QualityCheckDecided", "{\"required\":true,\"reason\":\"SAMPLED\"}")
        .then("AssistanceRequested", "{\"reason\":\"QUALITY_CHECK\"}")
        .then("TaskReported", REPORTED).append();
    task(client, "product-detection", 3)
        .then("ModelNotFound", "{\"classGroupKey\":\"billing-it\"}")
        .then("AssistanceRequested", "{\"reason\":\"MODEL_NOT_FOUND\"}")
        .then("TaskReported", REPORTED)
        .at("2025-04-01T00:00:00Z").then("TaskReprocessRequested", "{\"reason\":\"a model is registered now\"}")
        .then("DetectionRequested", "{}")
        .then("TaskReported", REPORTED).append();
    task(client, "product-detection", 2)
        .then("ImageRejected", "{\"imageIndex\":1,\"image\":\"http://127.0.0.1:9/1.png\",\"problem\":\"not an image\"}")
        .then("TaskReported", REPORTED).append();
    task(client, "product-detection", 1)
        .then("TaskCancelled", "{\"reason\":\"not needed\"}").append();
    task(client, "product-detection", 1)
        .then("TaskReported", REPORTED)
        .then("TaskResentToOperator", "{\"reason\":\"a tag is missing\"}")
        .then("TaskReported", REPORTED).append();
    task(otherClient, "price-tag-reading", 1)
        .then("TaskReported", REPORTED).append();
  }

  private Stream task(String client, String type, int images) {
    String taskId = UUID.randomUUID().toString();
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < images; i++) {
      urls.add("\"http://127.0.0.1:9/" + i + ".png\"");
    }
    return new Stream(taskId).then("TaskCreated", """
            {"taskId":"%s","type":"%s","classGroup":{"key":"billing-it","classes":[]},"images":[%s],
             "callbackUrl":"http://127.0.0.1:9/cb","clientId":"%s"}"""
            .formatted(taskId, type, String.join(",", urls), client))
        .then("DetectionRequested", "{}");
  }

  /** A task's events, each at the time last set (March 10th before any), appended at once. */
  private final class Stream {
    private final String taskId;
    private final List<NewEvent> events = new ArrayList<>();
    private Instant time = Instant.parse("2025-03-10T12:00:00Z");

    Stream(String taskId) {
      this.taskId = taskId;
    }

    Stream at(String eventTime) {
      time = Instant.parse(eventTime);
      return this;
    }

    Stream then(String type, String payload) {
      events.add(new NewEvent(UUID.randomUUID(), type, 1, time, payload, new EventMetadata(taskId, null, "billing-it")));
      return this;
    }

    void append() {
      journal.append("task-" + taskId, ExpectedVersion.NO_STREAM, events);
    }
  }

  private JsonNode bill(String month, String client) throws Exception {
    return json.readTree(http.getForEntity("/api/v1/billing?month=" + month + "&client=" + client, String.class)
        .getBody());
  }

  /** A bill's lines as {@code month|client|type|path|runs|reported|rejected|cancelled|reprocessed|images}. */
  private static List<String> lines(JsonNode bill) {
    List<String> lines = new ArrayList<>();
    bill.path("clients").forEach(client -> client.path("lines").forEach(line -> lines.add(String.join("|",
        bill.path("month").asText(), client.path("clientId").asText(), line.path("type").asText(),
        line.path("path").asText(), line.path("runs").asText(), line.path("reported").asText(),
        line.path("rejected").asText(), line.path("cancelled").asText(), line.path("reprocessed").asText(),
        line.path("images").asText()))));
    return lines;
  }

  private List<BilledRun> billedRuns(String... clients) throws Exception {
    List<FieldValue> ids = Arrays.stream(clients).map(FieldValue::of).toList();
    return elasticsearch.search(search -> search.index("billing").size(100)
                .query(query -> query.terms(terms -> terms.field("clientId").terms(values -> values.value(ids))))
                .sort(sort -> sort.field(field -> field.field("factId"))),
            BilledRun.class)
        .hits().hits().stream().map(Hit::source).toList();
  }
}
