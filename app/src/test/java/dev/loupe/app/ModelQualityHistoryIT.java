package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The engine monitor over time: operators' checks of a model, scored on different days, come back per version and
 * UTC day or ISO week, by the time each check was scored, from the model-evaluations read model.
 */
@LoupeIntegrationTest
class ModelQualityHistoryIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Autowired private EventJournal journal;
  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;

  private JournaledTasks journaled;
  private String model;

  @BeforeEach
  void scoreChecksOnTwoDays() {
    // given: version 1 checked on Monday 2 March and on Tuesday 3 March 2026, version 2 on the Tuesday
    journaled = new JournaledTasks(journal, "model-quality-history-it");
    model = "history-it-" + UUID.randomUUID();
    score("1", 4, 1, 0, "2026-03-02T10:00:00Z");
    score("1", 2, 0, 2, "2026-03-03T09:00:00Z");
    score("2", 5, 0, 0, "2026-03-03T15:00:00Z");
    await().atMost(PATIENCE).until(() -> history("?interval=day&since=2026-03-01T00:00:00Z"),
        history -> history.path("versions").findValues("periods").stream().mapToInt(JsonNode::size).sum() == 3);
  }

  @Test
  void shouldAnswerEachVersionsScoresPerDayByTheTimeTheCheckWasScored() throws Exception {
    // when
    JsonNode history = history("?interval=day&since=2026-03-01T00:00:00Z");

    // then
    assertThat(history.path("interval").asText()).isEqualTo("DAY");
    assertThat(history.path("versions").findValuesAsText("version")).containsExactly("1", "2");
    JsonNode first = history.path("versions").get(0).path("periods");
    assertThat(first.findValuesAsText("start")).containsExactly("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z");
    assertThat(first.get(0).path("objects").path("precision").asDouble()).isEqualTo(0.8);
    assertThat(first.get(0).path("objects").path("recall").asDouble()).isEqualTo(1.0);
    assertThat(first.get(1).path("objects").path("falseNegatives").asLong()).isEqualTo(2);
    assertThat(first.get(1).path("objects").path("recall").asDouble()).isEqualTo(0.5);
    assertThat(first.get(1).path("readings").isNull()).as("no check scored a reading").isTrue();
    JsonNode second = history.path("versions").get(1).path("periods");
    assertThat(second.findValuesAsText("start")).containsExactly("2026-03-03T00:00:00Z");
    assertThat(second.get(0).path("objects").path("truePositives").asLong()).isEqualTo(5);
  }

  @Test
  void shouldSumAVersionsDaysIntoTheIsoWeekThatStartsOnMonday() throws Exception {
    // when
    JsonNode history = history("?interval=week&since=2026-03-01T00:00:00Z");

    // then
    JsonNode week = history.path("versions").get(0).path("periods");
    assertThat(week.findValuesAsText("start")).containsExactly("2026-03-02T00:00:00Z");
    JsonNode objects = week.get(0).path("objects");
    assertThat(objects.path("checks").asLong()).isEqualTo(2);
    assertThat(objects.path("truePositives").asLong()).isEqualTo(6);
    assertThat(objects.path("falsePositives").asLong()).isEqualTo(1);
    assertThat(objects.path("falseNegatives").asLong()).isEqualTo(2);
  }

  @Test
  void shouldLeaveOutChecksScoredBeforeSince() throws Exception {
    // when
    JsonNode history = history("?since=2026-03-03T00:00:00Z");

    // then
    assertThat(history.path("since").asText()).isEqualTo("2026-03-03T00:00:00Z");
    assertThat(history.path("versions").get(0).path("periods").findValuesAsText("start"))
        .containsExactly("2026-03-03T00:00:00Z");
  }

  @Test
  void shouldRefuseAnIntervalOtherThanDayOrWeekWithAProblem() throws Exception {
    // when
    ResponseEntity<String> refused = http.getForEntity("/api/v1/model-quality/" + model + "/history?interval=hour",
        String.class);

    // then
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(refused.getHeaders().getContentType()).hasToString("application/problem+json");
    assertThat(json.readTree(refused.getBody()).path("detail").asText()).contains("day or week");
  }

  private void score(String version, int truePositives, int falsePositives, int falseNegatives, String scoredAt) {
    String taskId = journaled.create("model-quality-history-it");
    journaled.append(taskId, 1, "AutomaticResultEvaluated", """
        {"model":{"name":"%s","version":"%s"},"scores":[
          {"classId":"cola","truePositives":%d,"falsePositives":%d,"falseNegatives":%d}]}"""
        .formatted(model, version, truePositives, falsePositives, falseNegatives), Instant.parse(scoredAt));
  }

  private JsonNode history(String query) throws Exception {
    ResponseEntity<String> answer = http.getForEntity("/api/v1/model-quality/" + model + "/history" + query,
        String.class);
    assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
    return json.readTree(answer.getBody());
  }
}
