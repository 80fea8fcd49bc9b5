package dev.loupe.demand;

import static org.assertj.core.api.Assertions.assertThat;

import dev.loupe.demand.Demand.Figures;
import dev.loupe.demand.DemandDerivation.JobLoad;
import dev.loupe.journal.StreamHeadCount;
import dev.loupe.readmodels.tasks.TaskViews.OperatorWork;
import dev.loupe.recipes.JobTypes;
import dev.loupe.task.TaskTypes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemandDerivationTest {

  private static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

  @Test
  void shouldCountTasksWaitingForAnOperatorAsQueuedAndClaimedOnesAsInProcessPerTaskType() {
    // given
    Map<String, OperatorWork> work = Map.of(TaskTypes.PRODUCT_DETECTION, new OperatorWork(5, 2));

    // when
    Demand demand = DemandDerivation.derive(NOW, work, Map.of(TaskTypes.PRODUCT_DETECTION, 3L), List.of(), Map.of());

    // then
    assertThat(demand.sampledAt()).isEqualTo(NOW);
    assertThat(demand.tasks()).containsExactly(
        new Figures(TaskTypes.PRICE_TAG_READING, 0, 0, 0, 0),
        new Figures(TaskTypes.PRODUCT_DETECTION, 5, 2, 3, 1));
  }

  @Test
  void shouldGiveNoSpareOperatorsWhenMoreTasksAreClaimedThanPeopleAreInTheTeams() {
    Demand demand = DemandDerivation.derive(NOW, Map.of(TaskTypes.PRICE_TAG_READING, new OperatorWork(0, 4)),
        Map.of(TaskTypes.PRICE_TAG_READING, 2L), List.of(), Map.of());

    assertThat(task(demand, TaskTypes.PRICE_TAG_READING)).isEqualTo(new Figures(TaskTypes.PRICE_TAG_READING, 0, 4, 2, 0));
  }

  @Test
  void shouldCountTasksAsQueuedUnderTheJobTheirLastEventMakesDue() {
    // given: product detection tasks just created, two with a model found, one without
    List<StreamHeadCount> heads = List.of(
        products("TaskCreated", 3),
        products("DetectionRequested", 2),
        products("ModelNotFound", 1),
        products("TaskResultGenerated", 4));

    // when
    Demand demand = DemandDerivation.derive(NOW, Map.of(), Map.of(), heads, Map.of());

    // then
    assertThat(job(demand, JobTypes.RESOLVE_MODEL).queued()).isEqualTo(3);
    assertThat(job(demand, JobTypes.DETECT_OBJECTS).queued()).isEqualTo(2);
    assertThat(job(demand, JobTypes.REQUEST_ASSISTANCE).queued()).isEqualTo(1);
    assertThat(job(demand, JobTypes.REPORT_RESULT).queued()).isEqualTo(4);
  }

  @Test
  void shouldCountDetectedTasksUnderDecideQualityCheckForProductsAndUnderReadTagsForPriceTags() {
    List<StreamHeadCount> heads = List.of(
        products("ObjectsDetected", 2),
        priceTags("ObjectsDetected", 5),
        priceTags("TagsRead", 1));

    Demand demand = DemandDerivation.derive(NOW, Map.of(), Map.of(), heads, Map.of());

    assertThat(job(demand, JobTypes.DECIDE_QUALITY_CHECK).queued()).isEqualTo(2 + 1);
    assertThat(job(demand, JobTypes.READ_TAGS).queued()).isEqualTo(5);
  }

  @Test
  void shouldTakeTheJobsThisInstancesWorkerHoldsFromTheDueOnesAndFromItsMaxJobsActive() {
    // given: four detections due, three of them held by this instance's worker of 32
    List<StreamHeadCount> heads = List.of(products("DetectionRequested", 4));
    Map<String, JobLoad> loads = Map.of(JobTypes.DETECT_OBJECTS, new JobLoad(3, 32));

    // when
    Demand demand = DemandDerivation.derive(NOW, Map.of(), Map.of(), heads, loads);

    // then
    assertThat(job(demand, JobTypes.DETECT_OBJECTS)).isEqualTo(new Figures(JobTypes.DETECT_OBJECTS, 1, 3, 32, 29));
  }

  @Test
  void shouldNeverQueueLessThanNothingWhenAWorkerHoldsJobsTheJournalShowsNoneDueFor() {
    // timer jobs are never due in the journal; a held escalation is in process only
    Demand demand = DemandDerivation.derive(NOW, Map.of(), Map.of(), List.of(),
        Map.of(JobTypes.ESCALATE_TASK, new JobLoad(2, 32)));

    assertThat(job(demand, JobTypes.ESCALATE_TASK)).isEqualTo(new Figures(JobTypes.ESCALATE_TASK, 0, 2, 32, 30));
  }

  @Test
  void shouldNotCountTasksWhoseLastEventMakesNoJobDue() {
    List<StreamHeadCount> heads = List.of(
        products("AssistanceRequested", 7),
        products("OperatorAssigned", 1),
        products("CallbackDeliveryFailed", 1));

    Demand demand = DemandDerivation.derive(NOW, Map.of(), Map.of(), heads, Map.of());

    assertThat(demand.jobs()).extracting(Figures::queued).containsOnly(0L);
  }

  @Test
  void shouldListEveryTaskTypeAndEveryJobTypeOfTheWorkersWithZerosBeforeAnything() {
    Demand demand = DemandDerivation.derive(null, Map.of(), Map.of(), List.of(), Map.of());

    assertThat(demand.tasks()).extracting(Figures::type)
        .containsExactly(TaskTypes.PRICE_TAG_READING, TaskTypes.PRODUCT_DETECTION);
    assertThat(demand.jobs()).extracting(Figures::type).containsExactlyElementsOf(NextJob.JOB_TYPES)
        .doesNotContain(JobTypes.OPERATOR_TASK);
    assertThat(demand.jobs()).allSatisfy(figures -> assertThat(figures).isEqualTo(
        new Figures(figures.type(), 0, 0, 0, 0)));
  }

  /** Product-detection tasks whose last event is of this type. */
  private static StreamHeadCount products(String lastEvent, long tasks) {
    return new StreamHeadCount(TaskTypes.PRODUCT_DETECTION, lastEvent, tasks);
  }

  /** Price-tag-reading tasks whose last event is of this type. */
  private static StreamHeadCount priceTags(String lastEvent, long tasks) {
    return new StreamHeadCount(TaskTypes.PRICE_TAG_READING, lastEvent, tasks);
  }

  private static Figures task(Demand demand, String type) {
    return ofType(demand.tasks(), type);
  }

  private static Figures job(Demand demand, String type) {
    return ofType(demand.jobs(), type);
  }

  private static Figures ofType(List<Figures> figures, String type) {
    return figures.stream().filter(figure -> figure.type().equals(type)).findFirst().orElseThrow();
  }
}
