package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

/**
 * The operator monitor through every real server: task streams with operators' sessions, appended straight to the
 * journal at chosen times, come back as sessions, per-operator-per-day and per-team figures; an operator sees only
 * their own; and a rebuild from the journal gives the same sessions and figures.
 */
@LoupeIntegrationTest
class OperatorMonitorIT {

  private static final Duration PATIENCE = Duration.ofSeconds(120);

  @Autowired private EventJournal journal;
  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;

  @Test
  void shouldAnswerEachOperatorsSessionsTheirDaysAndTheirTeamsFiguresFromTheTaskStreams() throws Exception {
    // given: two operators of a team, four sessions on three tasks over two days
    String run = UUID.randomUUID().toString().substring(0, 8);
    String ayse = "opmon-ayse-" + run;
    String bora = "opmon-bora-" + run;
    String ayseToken = People.token(http, ayse, "operator");
    People.token(http, bora, "operator");
    People.inTeamFor(http, "opmon-" + run, "product-detection", ayse, bora);
    LocalDate day = LocalDate.parse("2021-03-04");
    Instant morning = Instant.parse("2021-03-04T09:00:00Z");
    Tasks tasks = new Tasks();
    String checked = tasks.detected(morning, "QUALITY_CHECK");
    tasks.append(checked, assigned(ayse, "s1-" + run), morning);
    tasks.append(checked, finished(ayse, "s1-" + run), morning.plusSeconds(300));
    String manual = tasks.created(morning);
    tasks.append(manual, "ModelNotFound", "{\"classGroupKey\":\"opmon\"}", morning);
    tasks.append(manual, "AssistanceRequested", "{\"reason\":\"MODEL_NOT_FOUND\"}", morning);
    tasks.append(manual, assigned(ayse, "s2-" + run), morning.plusSeconds(3600));
    tasks.append(manual, "OperatorReleased", "{\"operatorId\":\"%s\",\"sessionId\":\"s2-%s\",\"reason\":\"IDLE\"}"
        .formatted(ayse, run), morning.plusSeconds(5400));
    tasks.append(manual, assigned(bora, "s3-" + run), morning.plusSeconds(7200));
    tasks.append(manual, "ObjectsAdded", """
        {"sessionId":"s3-%s","objects":[
          {"objectId":"s3-1","imageIndex":0,"box":{"x":3,"y":3,"w":4,"h":4},"classId":"cola"},
          {"objectId":"s3-2","imageIndex":0,"box":{"x":8,"y":8,"w":4,"h":4},"classId":"cola"}]}""".formatted(run),
        morning.plusSeconds(7800));
    tasks.append(manual, finished(bora, "s3-" + run), morning.plusSeconds(7800));
    Instant nextMorning = morning.plus(Duration.ofDays(1));
    String corrected = tasks.detected(nextMorning, "QUALITY_CHECK");
    tasks.append(corrected, assigned(ayse, "s4-" + run), nextMorning);
    tasks.append(corrected, "ObjectsMoved", """
        {"sessionId":"s4-%s","moves":[{"objectId":"a","box":{"x":2,"y":2,"w":6,"h":6}}]}""".formatted(run),
        nextMorning.plusSeconds(180));
    tasks.append(corrected, "ObjectsRemoved", "{\"sessionId\":\"s4-%s\",\"objectIds\":[\"b\"]}".formatted(run),
        nextMorning.plusSeconds(180));
    tasks.append(corrected, finished(ayse, "s4-" + run), nextMorning.plusSeconds(180));
    String range = "from=2021-03-04&to=2021-03-05";

    // when: the sessions are projected
    JsonNode ayses = await().atMost(PATIENCE).until(
        () -> read(http.getForEntity("/api/v1/operator-monitor/sessions?operator=" + ayse + "&" + range,
            String.class)),
        page -> page.path("total").asLong() == 3);

    // then: her sessions, the latest ended first, each with its times, outcome and diff
    assertThat(ayses.path("sessions").findValuesAsText("sessionId"))
        .containsExactly("s4-" + run, "s2-" + run, "s1-" + run);
    JsonNode latest = ayses.path("sessions").get(0);
    assertThat(latest.path("taskId").asText()).isEqualTo(corrected);
    assertThat(latest.path("type").asText()).isEqualTo("product-detection");
    assertThat(latest.path("classGroupKey").asText()).isEqualTo("opmon");
    assertThat(latest.path("reason").asText()).isEqualTo("QUALITY_CHECK");
    assertThat(latest.path("claimedAt").asText()).isEqualTo("2021-03-05T09:00:00Z");
    assertThat(latest.path("endedAt").asText()).isEqualTo("2021-03-05T09:03:00Z");
    assertThat(latest.path("activeSeconds").asLong()).isEqualTo(180);
    assertThat(latest.path("moved").asInt()).isEqualTo(1);
    assertThat(latest.path("removed").asInt()).isEqualTo(1);
    assertThat(latest.path("acceptedUnchanged").asBoolean()).isFalse();
    JsonNode released = ayses.path("sessions").get(1);
    assertThat(released.path("outcome").asText()).isEqualTo("RELEASED");
    assertThat(released.path("activeSeconds").asLong()).isZero();
    assertThat(ayses.path("sessions").get(2).path("acceptedUnchanged").asBoolean()).isTrue();

    // and: her figures per day
    await().atMost(PATIENCE).until(() -> read(http.getForEntity("/api/v1/operator-monitor/days?team=opmon-" + run
        + "&" + range, String.class)).size() == 3);
    JsonNode days = read(http.getForEntity("/api/v1/operator-monitor/days?operator=" + ayse + "&" + range,
        String.class));
    assertThat(days.findValuesAsText("day")).containsExactly(day.toString(), day.plusDays(1).toString());
    JsonNode first = days.get(0).path("figures");
    assertThat(List.of(first.path("sessions").asLong(), first.path("finished").asLong(),
        first.path("released").asLong(), first.path("tasks").asLong(), first.path("activeSeconds").asLong(),
        first.path("objectsChanged").asLong(), first.path("checkedAutomaticResults").asLong(),
        first.path("acceptedUnchanged").asLong())).containsExactly(2L, 1L, 1L, 2L, 300L, 0L, 1L, 1L);
    assertThat(first.path("objectsPerMinute").asDouble()).isZero();
    assertThat(first.path("acceptedUnchangedShare").asDouble()).isEqualTo(1.0);
    JsonNode second = days.get(1).path("figures");
    assertThat(second.path("objectsPerMinute").asDouble()).isCloseTo(2 * 60.0 / 180, within(1e-9));
    assertThat(second.path("acceptedUnchangedShare").asDouble()).isZero();

    // and: the team's figures over both members
    JsonNode team = teamNamed(read(http.getForEntity("/api/v1/operator-monitor/teams?" + range, String.class)),
        "opmon-" + run).path("figures");
    assertThat(List.of(team.path("sessions").asLong(), team.path("finished").asLong(),
        team.path("released").asLong(), team.path("tasks").asLong(), team.path("activeSeconds").asLong(),
        team.path("added").asLong(), team.path("objectsChanged").asLong(),
        team.path("checkedAutomaticResults").asLong(), team.path("acceptedUnchanged").asLong()))
        .containsExactly(4L, 3L, 1L, 3L, 1080L, 2L, 4L, 2L, 1L);
    assertThat(team.path("objectsPerMinute").asDouble()).isCloseTo(4 * 60.0 / 1080, within(1e-9));
    assertThat(team.path("acceptedUnchangedShare").asDouble()).isEqualTo(0.5);

    // and: an operator sees their own sessions only, and nobody else's or a team's
    assertThat(read(JsonRequests.getAs(ayseToken, http, "/api/v1/operator-monitor/sessions?" + range))
        .path("sessions").findValuesAsText("operatorId")).hasSize(3).containsOnly(ayse);
    assertThat(JsonRequests.getAs(ayseToken, http, "/api/v1/operator-monitor/days?operator=" + bora + "&" + range)
        .getStatusCode().value()).isEqualTo(403);
    assertThat(JsonRequests.getAs(ayseToken, http, "/api/v1/operator-monitor/sessions?team=opmon-" + run)
        .getStatusCode().value()).isEqualTo(403);

    // and: a range that ends before it starts, or is no date, is a bad request
    assertThat(http.getForEntity("/api/v1/operator-monitor/days?from=2021-03-05&to=2021-03-04", String.class)
        .getStatusCode().value()).isEqualTo(400);
    assertThat(http.getForEntity("/api/v1/operator-monitor/days?from=yesterday", String.class)
        .getStatusCode().value()).isEqualTo(400);
  }

  @Test
  void shouldRebuildTheSameSessionsAndFiguresFromTheJournal() throws Exception {
    // given: an operator's sessions, projected
    String run = UUID.randomUUID().toString().substring(0, 8);
    String cem = "opmon-cem-" + run;
    Instant morning = Instant.parse("2021-04-01T08:00:00Z");
    Tasks tasks = new Tasks();
    for (int i = 0; i < 5; i++) {
      String task = tasks.detected(morning, "QUALITY_CHECK");
      tasks.append(task, assigned(cem, "r" + i + "-" + run), morning.plusSeconds(600L * i));
      if (i % 2 == 0) {
        tasks.append(task, "ObjectsRemoved", "{\"sessionId\":\"r%d-%s\",\"objectIds\":[\"b\"]}".formatted(i, run),
            morning.plusSeconds(600L * i + 45));
      }
      tasks.append(task, finished(cem, "r" + i + "-" + run), morning.plusSeconds(600L * i + 45));
    }
    String sessions = "/api/v1/operator-monitor/sessions?operator=" + cem + "&from=2021-04-01&to=2021-04-01";
    String days = "/api/v1/operator-monitor/days?operator=" + cem + "&from=2021-04-01&to=2021-04-01";
    JsonNode before = await().atMost(PATIENCE).until(() -> read(http.getForEntity(sessions, String.class)),
        page -> page.path("total").asLong() == 5);
    JsonNode daysBefore = read(http.getForEntity(days, String.class));

    // when: the read model is rebuilt from the journal (once the rebuild start-up may have begun is over)
    await().atMost(PATIENCE).until(() -> http.postForEntity("/api/v1/read-models/operator-sessions/rebuild", null,
        String.class).getStatusCode().value(), status -> status == 202);
    JsonNode done = await().atMost(PATIENCE).until(
        () -> read(http.getForEntity("/api/v1/read-models/operator-sessions", String.class)),
        state -> List.of("DONE", "FAILED").contains(state.path("rebuild").path("state").asText()));

    // then: the same documents and figures, from the new index
    assertThat(done.path("rebuild").path("state").asText()).isEqualTo("DONE");
    assertThat(read(http.getForEntity(sessions, String.class))).isEqualTo(before);
    assertThat(read(http.getForEntity(days, String.class))).isEqualTo(daysBefore);
    assertThat(daysBefore.get(0).path("figures").path("acceptedUnchanged").asLong()).isEqualTo(2);
  }

  private static String assigned(String operator, String session) {
    return "OperatorAssigned:{\"operatorId\":\"%s\",\"sessionId\":\"%s\"}".formatted(operator, session);
  }

  private static String finished(String operator, String session) {
    return "OperatorFinished:{\"operatorId\":\"%s\",\"sessionId\":\"%s\"}".formatted(operator, session);
  }

  private static JsonNode teamNamed(JsonNode teams, String name) {
    for (JsonNode team : teams) {
      if (team.path("team").asText().equals(name)) {
        return team;
      }
    }
    throw new AssertionError("no team " + name + " in " + teams);
  }

  private JsonNode read(ResponseEntity<String> response) throws Exception {
    return json.readTree(response.getBody());
  }

  /** Task streams of class group {@code opmon} appended to the journal one event at a time, at chosen times. */
  private final class Tasks {
    private final Map<String, Long> versions = new HashMap<>();

    String created(Instant at) {
      String taskId = UUID.randomUUID().toString();
      versions.put(taskId, -1L);
      append(taskId, "TaskCreated", """
          {"taskId":"%s","type":"product-detection","classGroup":{"key":"opmon","classes":[]},
           "images":["http://127.0.0.1:9/shelf.png"],"callbackUrl":"http://127.0.0.1:9/callback"}"""
          .formatted(taskId), at);
      return taskId;
    }

    /** A task whose model found objects a and b, waiting for the operators for {@code reason}. */
    String detected(Instant at, String reason) {
      String taskId = created(at);
      append(taskId, "DetectionRequested", "{\"classGroupKey\":\"opmon\"}", at);
      append(taskId, "ObjectsDetected", """
          {"objects":[{"objectId":"a","imageIndex":0,"box":{"x":1,"y":1,"w":5,"h":5},"classId":"cola","confidence":0.9},
                      {"objectId":"b","imageIndex":0,"box":{"x":9,"y":9,"w":5,"h":5},"classId":"cola","confidence":0.4}]}""",
          at);
      append(taskId, "AssistanceRequested", "{\"reason\":\"%s\"}".formatted(reason), at);
      return taskId;
    }

    /** {@code typeAndPayload}: {@code Type:{json}}. */
    void append(String taskId, String typeAndPayload, Instant at) {
      int colon = typeAndPayload.indexOf(':');
      append(taskId, typeAndPayload.substring(0, colon), typeAndPayload.substring(colon + 1), at);
    }

    void append(String taskId, String type, String payload, Instant at) {
      long version = versions.get(taskId);
      journal.append("task-" + taskId, version < 0 ? ExpectedVersion.NO_STREAM : ExpectedVersion.exactly(version),
          List.of(new NewEvent(UUID.randomUUID(), type, 1, at, payload,
              new EventMetadata(taskId, null, "operator-monitor-it"))));
      versions.put(taskId, version + 1);
    }
  }
}
