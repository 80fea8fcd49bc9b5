package dev.loupe.operatorwork;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.loupe.detection.DetectionFailed;
import dev.loupe.detection.ImageFetcher;
import dev.loupe.detection.ImageUnusable;
import dev.loupe.inference.InferenceException;
import dev.loupe.models.BoxClassifier;
import dev.loupe.models.ClassifierRegistration;
import dev.loupe.task.ClassGroup;
import dev.loupe.task.ModelRef;
import dev.loupe.task.Task;
import dev.loupe.task.TaskEvent.TaskCreated;
import dev.loupe.task.TaskState;
import io.grpc.Status;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class SuggestionsControllerTest {

  private static final URI IMAGE = URI.create("http://127.0.0.1:9/shelf.png");

  private final Inbox inbox = mock(Inbox.class);
  private final Operators operators = mock(Operators.class);
  private final BoxClassifier classifier = mock(BoxClassifier.class);
  private final ImageFetcher images = mock(ImageFetcher.class);
  private final MockMvc mvc = MockMvcBuilders.standaloneSetup(
      new SuggestionsController(inbox, operators, classifier, images)).build();

  @BeforeEach
  void aSessionOnATaskWhoseClassGroupHasAClassifier() {
    TaskState task = Task.evolve(TaskState.initial("t1"), new TaskCreated("t1", "product-detection",
        new ClassGroup("drinks", List.of(new ClassGroup.ObjectClass("cola", "Cola"))), List.of(IMAGE),
        URI.create("http://127.0.0.1:9/callback"), null));
    when(inbox.openSessionTask(eq("s1"), any(), any())).thenReturn(task);
    when(classifier.classifierFor("drinks")).thenReturn(Optional.of(new ClassifierRegistration("drinks",
        new ModelRef("classifier-drinks", "1"), "thumb8-hist8-v1", List.of("cola"), Instant.EPOCH)));
  }

  @Test
  void shouldAnswer422WhenTheTasksImageCannotBeRead() throws Exception {
    when(images.fetch(IMAGE)).thenThrow(new ImageUnusable(IMAGE, "is not an image Loupe reads"));

    suggest()
        .andExpect(status().isUnprocessableEntity())
        .andExpect(jsonPath("$.title").value("Image unusable"))
        .andExpect(jsonPath("$.detail").value(
            "no suggestion: the task's image is not an image Loupe reads; pick the class yourself"));
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenTheImagesServerFailsForNow() throws Exception {
    when(images.fetch(IMAGE)).thenThrow(new DetectionFailed("image answered HTTP 502"));

    suggest()
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "5"))
        .andExpect(jsonPath("$.title").value("Suggestion unavailable"));
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenTheModelServerCannotRunTheClassifier() throws Exception {
    when(images.fetch(IMAGE)).thenReturn(new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB));
    when(classifier.suggest(any(), any(), anyList()))
        .thenThrow(new InferenceException(Status.Code.UNAVAILABLE, "connection refused", null));

    suggest()
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string("Retry-After", "5"))
        .andExpect(jsonPath("$.detail").value(
            "no suggestion: the model server cannot run the classifier now; pick the class yourself, or draw again "
                + "later"));
  }

  @Test
  void shouldAnswer500WithoutRetryAfterWhenTheClassifierFailsOtherwise() throws Exception {
    when(images.fetch(IMAGE)).thenReturn(new BufferedImage(100, 80, BufferedImage.TYPE_INT_RGB));
    when(classifier.suggest(any(), any(), anyList()))
        .thenThrow(new InferenceException(Status.Code.INVALID_ARGUMENT, "input has 200 features, not 256", null));

    suggest()
        .andExpect(status().isInternalServerError())
        .andExpect(header().doesNotExist("Retry-After"))
        .andExpect(jsonPath("$.title").value("Suggestion failed"));
  }

  private ResultActions suggest() throws Exception {
    return mvc.perform(post("/api/v1/sessions/s1/suggestions").contentType(MediaType.APPLICATION_JSON)
        .content("{\"imageIndex\":0,\"box\":{\"x\":10,\"y\":10,\"w\":20,\"h\":20}}"));
  }
}
