package dev.loupe.models;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.task.ModelRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * An activation the relay delivers a moment before its transaction, and so the registry's row, is visible to this
 * instance is still prepared; one the registry has replaced is still skipped.
 */
class ModelControlListenerTest {

  private static final ModelRef OLD = new ModelRef("shelf_detector", "1");
  private static final ModelRef NEW = new ModelRef("shelf_detector", "2");
  private static final String ACTIVATED = """
      {"eventId":"e-1","streamId":"model-shelf","version":4,"type":"ModelActivated","payload":
       {"classGroupKey":"shelf","modelName":"shelf_detector","modelVersion":"2","samplingRate":0.1,"minConfidence":0.5}}
      """;

  private final ModelControl control = mock(ModelControl.class);
  private final ModelRegistry registry = mock(ModelRegistry.class);
  private final EventJournal journal = mock(EventJournal.class);
  private final ModelControlListener listener =
      new ModelControlListener(control, registry, journal, new ObjectMapper().findAndRegisterModules());

  @Test
  void shouldPrepareAnActivationWhoseRegistryRowShowsOnceTheJournalShowsTheActivation() throws Exception {
    when(registry.modelFor("shelf")).thenReturn(Optional.of(OLD), Optional.of(NEW));
    when(journal.readStreamThrough("model-shelf", 4, ModelControlListener.VISIBLE_PATIENCE)).thenReturn(List.of());

    listener.on(ACTIVATED);

    verify(journal).readStreamThrough("model-shelf", 4, ModelControlListener.VISIBLE_PATIENCE);
    verify(control).prepare(NEW);
  }

  @Test
  void shouldSkipAnActivationTheRegistryHasReplaced() throws Exception {
    when(registry.modelFor("shelf")).thenReturn(Optional.of(new ModelRef("shelf_detector", "3")));

    listener.on(ACTIVATED);

    verify(control, never()).prepare(any());
  }

  @Test
  void shouldPrepareAVisibleActivationWithoutWaiting() throws Exception {
    when(registry.modelFor("shelf")).thenReturn(Optional.of(NEW));

    listener.on(ACTIVATED);

    verify(control).prepare(NEW);
    verify(journal, never()).readStreamThrough(any(), anyLong(), any(Duration.class));
  }
}
