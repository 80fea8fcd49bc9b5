package dev.loupe.readmodels.operatormonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.JournalMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionProjectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2026-11-22T23:50:00Z");

  private final SessionProjection projection = new SessionProjection(JSON);

  @Test
  void shouldMakeNoSessionOfAStreamWhoseSessionIsStillOpen() {
    Stream stream = Stream.detected().then(0, "AssistanceRequested", "{\"reason\":\"QUALITY_CHECK\"}")
        .then(60, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}");

    assertThat(projection.sessions(stream.events)).isEmpty();
  }

  @Test
  void shouldCountAFinishedCheckWithoutChangesAsAnAutomaticResultAcceptedUnchanged() {
    Stream stream = Stream.detected().then(0, "AssistanceRequested", "{\"reason\":\"QUALITY_CHECK\"}")
        .then(60, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}")
        .then(300, "OperatorFinished", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}");

    SessionView session = projection.sessions(stream.events).getFirst();

    assertThat(session).isEqualTo(new SessionView("s1", "ayse", "t", "product-detection", "drinks", "QUALITY_CHECK",
        "2026-11-22T23:51:00Z", "2026-11-22T23:56:00Z", "2026-11-22", "FINISHED", 300, 0, 0, 0, 0, 0, 0, true, true,
        5));
  }

  @Test
  void shouldCountEveryChangeOfAFinishedSessionAndNotCallTheCheckAcceptedUnchanged() {
    Stream stream = Stream.detected().then(0, "AssistanceRequested", "{\"reason\":\"QUALITY_CHECK\"}")
        .then(0, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}")
        .then(240, "ObjectsRemoved", "{\"sessionId\":\"s1\",\"objectIds\":[\"b\"]}")
        .then(0, "ObjectsMoved",
            "{\"sessionId\":\"s1\",\"moves\":[{\"objectId\":\"a\",\"box\":{\"x\":2,\"y\":2,\"w\":6,\"h\":6}}]}")
        .then(0, "ObjectsLabeled", "{\"sessionId\":\"s1\",\"labels\":[{\"objectId\":\"a\",\"classId\":\"water\"}]}")
        .then(0, "ObjectsAdded", """
            {"sessionId":"s1","objects":[
              {"objectId":"s1-1","imageIndex":0,"box":{"x":3,"y":3,"w":4,"h":4},"classId":"cola"},
              {"objectId":"s1-2","imageIndex":0,"box":{"x":8,"y":8,"w":4,"h":4},"classId":"cola"}]}""")
        .then(0, "TagsCorrected",
            "{\"sessionId\":\"s1\",\"corrections\":[{\"objectId\":\"a\",\"text\":\"1.99\",\"previousText\":\"1.89\"}]}")
        .then(0, "OperatorFinished", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}");

    SessionView session = projection.sessions(stream.events).getFirst();

    assertThat(List.of(session.added(), session.moved(), session.relabeled(), session.removed(),
        session.textsCorrected(), session.objectsChanged())).containsExactly(2, 1, 1, 1, 1, 6);
    assertThat(session.activeSeconds()).isEqualTo(240);
    assertThat(session.checkedAutomaticResult()).isTrue();
    assertThat(session.acceptedUnchanged()).isFalse();
    assertThat(session.version()).isEqualTo(10);
  }

  @Test
  void shouldCountAnIdleReleasedSessionWithoutActiveTimeAndTheNextOperatorsSessionApart() {
    Stream stream = Stream.created().then(0, "ModelNotFound", "{\"classGroupKey\":\"drinks\"}")
        .then(0, "AssistanceRequested", "{\"reason\":\"MODEL_NOT_FOUND\"}")
        .then(0, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}")
        .then(1800, "OperatorReleased", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\",\"reason\":\"IDLE\"}")
        .then(60, "OperatorAssigned", "{\"operatorId\":\"bora\",\"sessionId\":\"s2\"}")
        .then(120, "OperatorFinished", "{\"operatorId\":\"bora\",\"sessionId\":\"s2\"}");

    List<SessionView> sessions = projection.sessions(stream.events);

    assertThat(sessions).extracting(SessionView::sessionId, SessionView::operatorId, SessionView::outcome,
            SessionView::activeSeconds, SessionView::version)
        .containsExactly(
            tuple("s1", "ayse", "RELEASED", 0L, 4L),
            tuple("s2", "bora", "FINISHED", 120L, 6L));
    assertThat(sessions).allSatisfy(session -> {
      assertThat(session.reason()).isEqualTo("MODEL_NOT_FOUND");
      assertThat(session.checkedAutomaticResult()).isFalse();
      assertThat(session.acceptedUnchanged()).isFalse();
    });
  }

  @Test
  void shouldCloseASessionEndedByAnUnusableImageWithItsActiveTimeAndNoCheck() {
    Stream stream = Stream.detected().then(0, "AssistanceRequested", "{\"reason\":\"QUALITY_CHECK\"}")
        .then(60, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}")
        .then(90, "ImageDeclaredUnusable", """
            {"operatorId":"ayse","sessionId":"s1","imageIndex":0,"image":"http://images/1.png","reason":"BLURRED",
             "note":null}""");

    SessionView session = projection.sessions(stream.events).getFirst();

    assertThat(session.outcome()).isEqualTo("UNUSABLE");
    assertThat(session.activeSeconds()).isEqualTo(90);
    assertThat(session.objectsChanged()).isZero();
    assertThat(session.checkedAutomaticResult()).as("no verdict on the servers' result").isFalse();
  }

  @Test
  void shouldDateASessionByTheUtcDayItEnded() {
    Stream stream = Stream.detected().then(0, "AssistanceRequested", "{\"reason\":\"QUALITY_CHECK\"}")
        .then(0, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}")
        .then(900, "OperatorFinished", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}");

    SessionView session = projection.sessions(stream.events).getFirst();

    assertThat(session.claimedAt()).isEqualTo("2026-11-22T23:50:00Z");
    assertThat(session.day()).isEqualTo("2026-11-23");
  }

  @Test
  void shouldGiveTheSameSessionsAtTheSameVersionsWhenTheStreamIsFoldedAgainWithLaterEvents() {
    Stream stream = Stream.detected().then(0, "AssistanceRequested", "{\"reason\":\"QUALITY_CHECK\"}")
        .then(0, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}")
        .then(30, "OperatorFinished", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}");
    List<SessionView> first = projection.sessions(stream.events);

    stream.then(5, "TaskResultGenerated", "{\"objects\":[],\"readings\":[]}");

    assertThat(projection.sessions(stream.events)).isEqualTo(first);
  }

  @Test
  void shouldTakeTheReasonOfATaskTheClientSentBackToTheOperators() {
    Stream stream = Stream.detected().then(0, "AssistanceRequested", "{\"reason\":\"QUALITY_CHECK\"}")
        .then(0, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}")
        .then(30, "OperatorFinished", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}")
        .then(5, "TaskResultGenerated", "{\"objects\":[],\"readings\":[]}")
        .then(5, "TaskReported", "{\"callbackUrl\":\"http://cb\",\"httpStatus\":200}")
        .then(5, "TaskResentToOperator", "{\"reason\":\"a bottle is missing\"}")
        .then(5, "OperatorAssigned", "{\"operatorId\":\"bora\",\"sessionId\":\"s2\"}")
        .then(30, "OperatorFinished", "{\"operatorId\":\"bora\",\"sessionId\":\"s2\"}");

    SessionView resent = projection.sessions(stream.events).getLast();

    assertThat(resent.reason()).isEqualTo("RESENT");
    assertThat(resent.checkedAutomaticResult()).isFalse();
  }

  @Test
  void shouldRefuseAStreamThatClosesASessionThatIsNotOpen() {
    Stream stream = Stream.detected().then(0, "AssistanceRequested", "{\"reason\":\"QUALITY_CHECK\"}")
        .then(0, "OperatorAssigned", "{\"operatorId\":\"ayse\",\"sessionId\":\"s1\"}")
        .then(30, "OperatorFinished", "{\"operatorId\":\"ayse\",\"sessionId\":\"s9\"}");

    assertThatThrownBy(() -> projection.sessions(stream.events))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("session s9, which is not open there (s1 is)");
  }

  /** A task stream {@code task-t} being written, each event some seconds after the one before. */
  private static final class Stream {
    private final List<JournalMessage> events = new ArrayList<>();
    private Instant time = START;

    static Stream created() {
      return new Stream().then(0, "TaskCreated", """
          {"taskId":"t","type":"product-detection","classGroup":{"key":"drinks","classes":[]},
           "images":["http://img/0.png"],"callbackUrl":"http://cb"}""");
    }

    static Stream detected() {
      return created().then(0, "DetectionRequested", "{\"classGroupKey\":\"drinks\"}").then(0, "ObjectsDetected", """
          {"objects":[{"objectId":"a","imageIndex":0,"box":{"x":1,"y":1,"w":5,"h":5},"classId":"cola","confidence":0.9},
                      {"objectId":"b","imageIndex":0,"box":{"x":9,"y":9,"w":5,"h":5},"classId":"cola","confidence":0.4}]}""");
    }

    Stream then(long secondsLater, String type, String payload) {
      time = time.plusSeconds(secondsLater);
      int version = events.size();
      try {
        events.add(new JournalMessage("e-" + version, "task-t", version, type, 1, time.toString(),
            time.toString(), JSON.readTree(payload)));
      } catch (Exception e) {
        throw new IllegalArgumentException(payload, e);
      }
      return this;
    }
  }
}
