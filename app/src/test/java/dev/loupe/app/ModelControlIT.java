package dev.loupe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.inference.TritonClient;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import dev.loupe.journal.RecordedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.FileSystemUtils;

/**
 * The model control stream through the real servers: a registration loads and warms its model version on the
 * embedded model server before the registry switches, a version that cannot be served changes nothing, every
 * change is a journal event, and an activation arriving on Kafka (as from another Loupe instance) makes this
 * instance's model server load the model.
 */
@LoupeIntegrationTest
class ModelControlIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Autowired private TestRestTemplate http;
  @Autowired private ObjectMapper json;
  @Autowired private TritonClient models;
  @Autowired private EventJournal journal;

  @Value("${loupe.embedded.inference.repository}")
  private Path repository;

  @Test
  void shouldLoadANewVersionBeforeSwitchingAndKeepTheServingOneWhenANewOneFails() throws Exception {
    // given: a model of its own in the model server's repository, at version 1
    String model = "shelf_detector_" + UUID.randomUUID().toString().substring(0, 6);
    Path folder = copyModel("text_detection", model);
    assertThat(register("shelves", model, "1").getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(models.modelReady(model, "1")).isTrue();

    // when: version 2 appears in the repository and is registered
    FileSystemUtils.copyRecursively(folder.resolve("1"), folder.resolve("2"));
    ResponseEntity<String> switched = register("shelves", model, "2");

    // then: the server serves version 2 and the registry names it
    assertThat(switched.getStatusCode()).as(switched.getBody()).isEqualTo(HttpStatus.OK);
    assertThat(models.modelReady(model, "2")).isTrue();

    // when: a version the repository does not have is registered
    ResponseEntity<String> refused = register("shelves", model, "3");

    // then: refused, naming why; the registry and the server keep version 2
    assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
    assertThat(read(refused).path("detail").asText()).contains(model + " version 3 is not ready");
    assertThat(read(http.getForEntity("/api/v1/models/shelves", String.class)).path("modelVersion").asText())
        .isEqualTo("2");
    assertThat(models.modelReady(model, "2")).isTrue();
    assertThat(journal.readStream("model-shelves")).extracting(RecordedEvent::type)
        .containsSubsequence("ModelActivated", "ModelActivated", "ModelActivationFailed");
  }

  @Test
  void shouldLoadAModelWhenAnActivationArrivesOnTheControlStream() throws Exception {
    // given: a registered model that this instance's model server then stops serving
    String model = "ticket_detector_" + UUID.randomUUID().toString().substring(0, 6);
    copyModel("text_detection", model);
    assertThat(register("tickets", model, "1").getStatusCode()).isEqualTo(HttpStatus.OK);
    models.unloadModel(model);
    assertThat(models.modelReady(model, "1")).isFalse();

    // when: another instance announces the activation on the control stream
    journal.append("model-tickets", ExpectedVersion.ANY, List.of(new NewEvent(UUID.randomUUID(), "ModelActivated", 1,
        Instant.now(), json.writeValueAsString(json.createObjectNode().put("classGroupKey", "tickets")
            .put("modelName", model).put("modelVersion", "1").put("samplingRate", 0.1).put("minConfidence", 0.5)),
        new EventMetadata("tickets", "another-instance", "client:rest"))));

    // then: this instance's model server loads it
    await().atMost(PATIENCE).until(() -> models.modelReady(model, "1"));
  }

  private ResponseEntity<String> register(String classGroupKey, String model, String version) {
    return JsonRequests.put(http, "/api/v1/models/" + classGroupKey,
        "{\"modelName\":\"%s\",\"modelVersion\":\"%s\"}".formatted(model, version));
  }

  /** A copy of a model's repository folder under another name, its config renamed to match. */
  private Path copyModel(String from, String to) throws IOException {
    Path target = repository.resolve(to);
    FileSystemUtils.copyRecursively(repository.resolve(from), target);
    Path config = target.resolve("config.pbtxt");
    Files.writeString(config, Files.readString(config).replace("name: \"" + from + "\"", "name: \"" + to + "\""));
    return target;
  }

  private JsonNode read(ResponseEntity<String> response) throws IOException {
    return json.readTree(response.getBody());
  }
}
