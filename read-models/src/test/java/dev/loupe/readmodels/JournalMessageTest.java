package dev.loupe.readmodels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.loupe.journal.EventUpcaster;
import dev.loupe.journal.Upcasters;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalMessageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ASSISTANCE_V1 = """
      {"eventId":"0b6a4c1e-8f4e-4a55-9d38-6b1f1f3f1a01","streamId":"task-t","version":2,"position":7,
       "type":"AssistanceRequested","schemaVersion":1,"eventTime":"2026-12-01T10:00:00Z",
       "recordedTime":"2026-12-01T10:00:00.100Z","correlationId":null,"causationId":null,"actor":"w",
       "payload":{"reason":"MODEL_NOT_FOUND"}}""";

  @Test
  void shouldRefuseAMessageThatIsNotJson() {
    assertThatThrownBy(() -> JournalMessage.parse(JSON, "{not json"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a journal event message");
  }

  @Test
  void shouldRefuseJsonThatIsNoJournalEvent() {
    assertThatThrownBy(() -> JournalMessage.parse(JSON, "{\"hello\":\"world\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a journal event message");
  }

  @Test
  void shouldRefuseAnEventWithoutAVersionRatherThanTakeItForVersionZero() {
    assertThatThrownBy(() -> JournalMessage.parse(JSON, ASSISTANCE_V1.replace("\"version\":2,", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version");
  }

  @Test
  void shouldRefuseAnEventWithoutAStream() {
    assertThatThrownBy(() -> JournalMessage.parse(JSON, ASSISTANCE_V1.replace("\"streamId\":\"task-t\",", "")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lacks");
  }

  @Test
  void shouldReadAMessageAsTheNewestSchemaVersionThroughTheJournalsUpcasters() {
    Upcasters upcasters = new Upcasters(List.of(new EventUpcaster() {
      @Override
      public String type() {
        return "AssistanceRequested";
      }

      @Override
      public int fromVersion() {
        return 1;
      }

      @Override
      public ObjectNode upcast(ObjectNode payload) {
        return payload.put("priority", 0);
      }
    }), JSON);

    JournalMessage upcast = JournalMessage.parse(JSON, ASSISTANCE_V1).upcast(upcasters, JSON);

    assertThat(upcast.schemaVersion()).isEqualTo(2);
    assertThat(upcast.payload().path("priority").asInt(-1)).isZero();
    assertThat(upcast.payload().path("reason").asText()).isEqualTo("MODEL_NOT_FOUND");
    assertThat(upcast.version()).isEqualTo(2);
  }

  @Test
  void shouldLeaveAMessageNoUpcasterReadsAsItIs() {
    JournalMessage message = JournalMessage.parse(JSON, ASSISTANCE_V1);

    assertThat(message.upcast(new Upcasters(List.of(), JSON), JSON)).isSameAs(message);
  }
}
