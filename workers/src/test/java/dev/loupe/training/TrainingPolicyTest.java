package dev.loupe.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.readmodels.quality.ModelQuality.SuggestionQuality;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingPolicyTest {

  private static final Instant SINCE = Instant.parse("2026-12-01T00:00:00Z");
  private final TrainingPolicy policy = new TrainingPolicy(null, null, null, null, null, 200, 50, 0.8, 50);

  @Test
  void shouldRetrainAfterEnoughNewVerifiedObjects() {
    assertThat(policy.decide(200, 3, null, SINCE, "2"))
        .hasValue("200 objects verified since 2026-12-01T00:00:00Z (policy: 200)");
  }

  @Test
  void shouldRetrainAfterEnoughNewVerifiedSessions() {
    assertThat(policy.decide(120, 50, null, SINCE, "2"))
        .hasValue("50 tasks verified since 2026-12-01T00:00:00Z (policy: 50)");
  }

  @Test
  void shouldRetrainWhenOperatorsKeepTooFewOfTheServingVersionsSuggestions() {
    SuggestionQuality kept = new SuggestionQuality(20, 60, 42, 0.7, List.of());

    assertThat(policy.decide(10, 2, kept, SINCE, "2"))
        .hasValue("operators kept 70.0 % of version 2's 60 suggestions (policy: at least 80.0 %)");
  }

  @Test
  void shouldWaitWhileTooFewSuggestionsWereScoredToJudgeTheVersion() {
    SuggestionQuality kept = new SuggestionQuality(5, 10, 1, 0.1, List.of());

    assertThat(policy.decide(10, 2, kept, SINCE, "2")).isEmpty();
  }

  @Test
  void shouldNotRetrainWithLittleNewWorkAndSuggestionsKept() {
    SuggestionQuality kept = new SuggestionQuality(40, 100, 95, 0.95, List.of());

    assertThat(policy.decide(199, 49, kept, SINCE, "2")).isEmpty();
  }
}
