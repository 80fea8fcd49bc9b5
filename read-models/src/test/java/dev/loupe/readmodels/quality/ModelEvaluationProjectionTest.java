package dev.loupe.readmodels.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.readmodels.JournalMessage;
import org.junit.jupiter.api.Test;

class ModelEvaluationProjectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldMakeOneDocumentPerClassOfAScoredDetection() throws Exception {
    JournalMessage event = event("AutomaticResultEvaluated", """
        {"model":{"name":"shelf_detector","version":"3"},"iouThreshold":0.5,
         "scores":[{"classId":"cola","truePositives":4,"falsePositives":1,"falseNegatives":0},
                   {"classId":"water","truePositives":2,"falsePositives":0,"falseNegatives":3}]}""");

    assertThat(ModelEvaluationProjection.documents(event)).containsExactly(
        new ModelEvaluation("e-1", "t-1", "objects", "shelf_detector", "3", "2026-11-30T10:00:00Z", "cola",
            4, 1, 0, 0, 0, 0, 0, 0),
        new ModelEvaluation("e-1", "t-1", "objects", "shelf_detector", "3", "2026-11-30T10:00:00Z", "water",
            2, 0, 3, 0, 0, 0, 0, 0));
    assertThat(ModelEvaluationProjection.documents(event)).extracting(ModelEvaluation::documentId)
        .as("a redelivered event rewrites the same documents").containsExactly("e-1:cola", "e-1:water");
  }

  @Test
  void shouldMakeOneDocumentOfAScoredReadingCheck() throws Exception {
    JournalMessage event = event("ReadingsEvaluated", """
        {"model":{"name":"text_recognition","version":"1"},"judged":3,"correct":2,"characterErrors":1,
         "characters":20,"boxChanged":1}""");

    assertThat(ModelEvaluationProjection.documents(event)).containsExactly(
        new ModelEvaluation("e-1", "t-1", "readings", "text_recognition", "1", "2026-11-30T10:00:00Z", null,
            0, 0, 0, 3, 2, 1, 20, 1));
  }

  @Test
  void shouldMakeOneDocumentPerSuggestedClassOfScoredSuggestions() throws Exception {
    JournalMessage event = event("SuggestionsEvaluated", """
        {"model":{"name":"classifier-shelf","version":"2"},
         "scores":[{"classId":"cola","suggested":3,"kept":2},{"classId":"water","suggested":1,"kept":1}]}""");

    assertThat(ModelEvaluationProjection.documents(event)).containsExactly(
        new ModelEvaluation("e-1", "t-1", "suggestions", "classifier-shelf", "2", "2026-11-30T10:00:00Z", "cola",
            0, 0, 0, 3, 2, 0, 0, 0),
        new ModelEvaluation("e-1", "t-1", "suggestions", "classifier-shelf", "2", "2026-11-30T10:00:00Z", "water",
            0, 0, 0, 1, 1, 0, 0, 0));
  }

  @Test
  void shouldMakeNoDocumentOfAnEventThatScoresNoModel() throws Exception {
    assertThat(ModelEvaluationProjection.documents(event("TagsRead", "{\"readings\":[]}"))).isEmpty();
  }

  private static JournalMessage event(String type, String payload) throws Exception {
    return new JournalMessage("e-1", "task-t-1", 9, type, 1, "2026-11-30T10:00:00Z", "2026-11-30T10:00:00Z",
        JSON.readTree(payload));
  }
}
