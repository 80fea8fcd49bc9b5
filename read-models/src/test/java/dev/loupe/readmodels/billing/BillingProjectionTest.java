package dev.loupe.readmodels.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.JournalMessage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BillingProjectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BillingProjection PROJECTION = new BillingProjection(JSON);

  @Test
  void shouldBillAnAutomaticRunAtItsReportInTheMonthOfTheReport() {
    // given
    History task = History.created("acme", 2).then("DetectionRequested", "{}")
        .then("QualityCheckDecided", "{\"required\":false,\"reason\":\"CONFIDENT\"}")
        .then("TaskResultGenerated", "{\"objects\":[],\"readings\":[]}")
        .at("2026-11-30T23:59:59Z").then("TaskReported", REPORTED);

    // when
    List<BilledRun> billed = PROJECTION.billedRuns(task.events());

    // then
    assertThat(billed).containsExactly(new BilledRun("e-4", "t-1", "acme", "2026-11", "2026-11-30T23:59:59Z",
        "product-detection", "automatic", 2, "reported", false, 0));
  }

  @Test
  void shouldBillARunWhoseQualityCheckWasRequiredAsChecked() {
    History task = History.created("acme", 1).then("DetectionRequested", "{}")
        .then("QualityCheckDecided", "{\"required\":true,\"reason\":\"SAMPLED\"}")
        .then("AssistanceRequested", "{\"reason\":\"QUALITY_CHECK\"}")
        .then("TaskResultGenerated", "{\"objects\":[],\"readings\":[]}")
        .then("TaskReported", REPORTED);

    assertThat(PROJECTION.billedRuns(task.events())).extracting(BilledRun::path, BilledRun::outcome)
        .containsExactly(tuple("checked", "reported"));
  }

  @Test
  void shouldBillARunWithoutAModelAsOperatorWorkEvenWhenItsReadingsWereCheckedToo() {
    History task = History.created("acme", 1).then("DetectionRequested", "{}")
        .then("ModelNotFound", "{\"classGroupKey\":\"shelf\"}")
        .then("AssistanceRequested", "{\"reason\":\"MODEL_NOT_FOUND\"}")
        .then("QualityCheckDecided", "{\"required\":true,\"reason\":\"UNSURE_READING\"}")
        .then("TaskReported", REPORTED);

    assertThat(PROJECTION.billedRuns(task.events())).extracting(BilledRun::path).containsExactly("operator");
  }

  @Test
  void shouldBillARunEndedByAnImageRejectionAsRejectedWhenTheRejectionIsReported() {
    History task = History.created("acme", 2).then("DetectionRequested", "{}")
        .then("ImageRejected", "{\"imageIndex\":1,\"image\":\"http://images/2.png\",\"problem\":\"not an image\"}");
    assertThat(PROJECTION.billedRuns(task.events())).as("not reported yet").isEmpty();

    task.then("TaskReported", REPORTED);

    assertThat(PROJECTION.billedRuns(task.events())).extracting(BilledRun::outcome, BilledRun::images)
        .containsExactly(tuple("rejected", 2));
  }

  @Test
  void shouldBillARunAnOperatorEndedWithAnUnusableImageAsRejectedOperatorWork() {
    History task = History.created("acme", 1).then("DetectionRequested", "{}")
        .then("ModelNotFound", "{\"classGroupKey\":\"shelf\"}")
        .then("AssistanceRequested", "{\"reason\":\"MODEL_NOT_FOUND\"}")
        .then("OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s-1\"}")
        .then("ImageDeclaredUnusable", """
            {"operatorId":"ayse","sessionId":"s-1","imageIndex":0,"image":"http://images/1.png","reason":"DARK"}""")
        .then("TaskReported", REPORTED);

    assertThat(PROJECTION.billedRuns(task.events())).extracting(BilledRun::path, BilledRun::outcome)
        .containsExactly(tuple("operator", "rejected"));
  }

  @Test
  void shouldBillACancelledRunInTheMonthOfItsCancellation() {
    History task = History.created("acme", 1).then("DetectionRequested", "{}")
        .at("2026-12-01T00:00:00Z").then("TaskCancelled", "{\"reason\":\"not needed\"}");

    assertThat(PROJECTION.billedRuns(task.events())).containsExactly(new BilledRun("e-2", "t-1", "acme", "2026-12",
        "2026-12-01T00:00:00Z", "product-detection", "automatic", 1, "cancelled", false, 0));
  }

  @Test
  void shouldBillAReprocessAsANewRunInItsOwnMonthWithItsOwnPath() {
    // given: the first run found no model; the reprocess, a month later, found one
    History task = History.created("acme", 3).then("DetectionRequested", "{}")
        .then("ModelNotFound", "{\"classGroupKey\":\"shelf\"}")
        .at("2026-10-15T08:00:00Z").then("TaskReported", REPORTED)
        .at("2026-11-02T08:00:00Z").then("TaskReprocessRequested", "{\"reason\":\"a model is registered now\"}")
        .then("DetectionRequested", "{}")
        .then("QualityCheckDecided", "{\"required\":false,\"reason\":\"CONFIDENT\"}")
        .then("TaskReported", REPORTED);

    // when
    List<BilledRun> billed = PROJECTION.billedRuns(task.events());

    // then
    assertThat(billed).containsExactly(
        new BilledRun("e-3", "t-1", "acme", "2026-10", "2026-10-15T08:00:00Z", "product-detection", "operator", 3,
            "reported", false, 0),
        new BilledRun("e-7", "t-1", "acme", "2026-11", "2026-11-02T08:00:00Z", "product-detection", "automatic", 3,
            "reported", true, 1));
  }

  @Test
  void shouldBillACancelledReprocessAsACancelledReprocess() {
    History task = History.created("acme", 1).then("TaskReported", REPORTED)
        .then("TaskReprocessRequested", "{\"reason\":\"again\"}")
        .then("TaskCancelled", "{\"reason\":\"no longer\"}");

    assertThat(PROJECTION.billedRuns(task.events())).extracting(BilledRun::outcome, BilledRun::reprocess)
        .containsExactly(tuple("reported", false),
            tuple("cancelled", true));
  }

  @Test
  void shouldNotBillAgainTheReportAfterATaskWasResentToAnOperator() {
    History task = History.created("acme", 1).then("TaskReported", REPORTED)
        .then("TaskResentToOperator", "{\"reason\":\"a tag is missing\"}")
        .then("OperatorAssigned", "{\"operatorId\":\"olga\",\"sessionId\":\"s-1\"}")
        .then("OperatorFinished", "{\"operatorId\":\"olga\",\"sessionId\":\"s-1\"}")
        .then("TaskReported", REPORTED);

    assertThat(PROJECTION.billedRuns(task.events())).extracting(BilledRun::factId).containsExactly("e-1");
  }

  @Test
  void shouldBillARunOnceAtItsFirstReportWhenADeliveryFailedBefore() {
    History task = History.created("acme", 1)
        .then("CallbackDeliveryFailed", "{\"callbackUrl\":\"http://client/cb\",\"attempts\":5,\"error\":\"timeout\"}")
        .then("TaskReported", REPORTED)
        .then("TaskReported", REPORTED);

    assertThat(PROJECTION.billedRuns(task.events())).extracting(BilledRun::factId).containsExactly("e-2");
  }

  @Test
  void shouldBillATaskWithoutAClientToTheNoClientName() {
    History task = History.created(null, 1).then("TaskReported", REPORTED);

    assertThat(PROJECTION.billedRuns(task.events())).extracting(BilledRun::clientId).containsExactly("(none)");
  }

  @Test
  void shouldMakeTheSameDocumentsWhenTheStreamIsFoldedAgainOrHasGrownSince() {
    // given: a redelivered event folds the stream again; by then the journal may hold later events
    History task = History.created("acme", 1).then("TaskReported", REPORTED);
    List<BilledRun> first = PROJECTION.billedRuns(task.events());

    // when
    List<BilledRun> again = PROJECTION.billedRuns(task.events());
    task.then("TaskReprocessRequested", "{\"reason\":\"again\"}").then("TaskReported", REPORTED);
    List<BilledRun> grown = PROJECTION.billedRuns(task.events());

    // then
    assertThat(again).isEqualTo(first);
    assertThat(grown).hasSize(2).startsWith(first.getFirst());
  }

  @Test
  void shouldRefuseAStreamWithAGap() {
    List<JournalMessage> events = new ArrayList<>(History.created("acme", 1).then("DetectionRequested", "{}")
        .then("TaskReported", REPORTED).events());
    events.remove(1);

    assertThatThrownBy(() -> PROJECTION.billedRuns(events)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 2 where version 1 was expected");
  }

  @Test
  void shouldRefuseAStreamThatDoesNotStartWithTaskCreated() {
    List<JournalMessage> events = new ArrayList<>(History.created("acme", 1).then("TaskReported", REPORTED)
        .events());
    events.set(0, new JournalMessage("e-0", "task-t-1", 0, "TaskReported", 1, NOW, NOW, json(REPORTED)));

    assertThatThrownBy(() -> PROJECTION.billedRuns(events)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("starts with TaskCreated");
  }

  @Test
  void shouldTellTheEventsThatMayEndARun() {
    assertThat(BillingProjection.endsARun(new JournalMessage("e", "task-t", 3, "TaskReported", 1, NOW, NOW,
        json(REPORTED)))).isTrue();
    assertThat(BillingProjection.endsARun(new JournalMessage("e", "task-t", 3, "TaskCancelled", 1, NOW, NOW,
        json("{}")))).isTrue();
    assertThat(BillingProjection.endsARun(new JournalMessage("e", "task-t", 3, "TaskResultGenerated", 1, NOW, NOW,
        json("{}")))).isFalse();
  }

  private static final String NOW = "2026-11-20T10:00:00Z";
  private static final String REPORTED = "{\"callbackUrl\":\"http://client/cb\",\"httpStatus\":200}";

  /** A task's stream, event ids {@code e-<version>}, each at the time last set. */
  private static final class History {
    private final List<JournalMessage> events = new ArrayList<>();
    private String time = NOW;

    static History created(String clientId, int images) {
      List<String> urls = new ArrayList<>();
      for (int i = 1; i <= images; i++) {
        urls.add("\"http://images/" + i + ".png\"");
      }
      return new History().then("TaskCreated", """
          {"taskId":"t-1","type":"product-detection","classGroup":{"key":"shelf","classes":[]},
           "images":[%s],"callbackUrl":"http://client/cb","clientId":%s}"""
          .formatted(String.join(",", urls), clientId == null ? "null" : "\"" + clientId + "\""));
    }

    History at(String eventTime) {
      time = eventTime;
      return this;
    }

    History then(String type, String payload) {
      int version = events.size();
      events.add(new JournalMessage("e-" + version, "task-t-1", version, type, 1, time, time, json(payload)));
      return this;
    }

    List<JournalMessage> events() {
      return List.copyOf(events);
    }
  }

  private static JsonNode json(String payload) {
    try {
      return JSON.readTree(payload);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
