package dev.loupe.readmodels.quality;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * How the models did against operators' checks, per model version: the engine monitor. Sums the
 * {@code model-evaluations} documents with Elasticsearch aggregations.
 */
@Service
public class ModelQuality {

  private static final List<String> OBJECT_COUNTS = List.of("truePositives", "falsePositives", "falseNegatives");
  private static final List<String> SUGGESTION_COUNTS = List.of("judged", "correct");
  private static final List<String> READING_COUNTS =
      List.of("judged", "correct", "characterErrors", "characters", "boxChanged");

  /** Elasticsearch counts distinct checks exactly up to this many per model version, closely beyond. */
  private static final int MAX_EXACT_CHECKS = 40_000;

  /** A model's scores, one entry per version checked, the highest version last. */
  public record Report(String model, Instant since, List<VersionQuality> versions) {}

  /** What the checks of one model version found; a part no check scored is null. */
  public record VersionQuality(String version, ObjectQuality objects, ReadingQuality readings,
      SuggestionQuality suggestions) {}

  /**
   * A box classifier's suggestions on detected objects against the operators' results: of the objects it suggested a
   * class for that the operator kept, how many keep the suggested class ({@code keptShare}), overall and per
   * suggested class; {@code checks}: operators' results scored.
   */
  public record SuggestionQuality(long checks, long suggested, long kept, Double keptShare,
      List<ClassSuggestions> classes) {}

  /** One suggested class: how often it was suggested, and kept. */
  public record ClassSuggestions(String classId, long suggested, long kept, Double keptShare) {}

  /**
   * The model's objects against the operators' (IoU-matched); {@code checks}: operators' checks scored.
   * Precision and recall are null where their denominator is 0.
   */
  public record ObjectQuality(long checks, long truePositives, long falsePositives, long falseNegatives,
      Double precision, Double recall, List<ClassQuality> classes) {}

  /** One class's counts and rates. */
  public record ClassQuality(String classId, long truePositives, long falsePositives, long falseNegatives,
      Double precision, Double recall) {}

  /**
   * The recogniser's readings against the operators' text: {@code accuracy} = correct / judged,
   * {@code characterErrorRate} = characterErrors / characters.
   */
  public record ReadingQuality(long checks, long judged, long correct, long characterErrors, long characters,
      long boxChanged, Double accuracy, Double characterErrorRate) {}

  /** How long a history period is: a UTC day, or an ISO week (from Monday, UTC). */
  public enum Interval {
    DAY(CalendarInterval.Day, 90),
    WEEK(CalendarInterval.Week, 52 * 7);

    private final CalendarInterval calendar;
    private final int defaultDays;

    Interval(CalendarInterval calendar, int defaultDays) {
      this.calendar = calendar;
      this.defaultDays = defaultDays;
    }

    /** Where a history starts when no one says: 90 days back for days, a year for weeks. */
    Instant defaultSince(Instant now) {
      return now.truncatedTo(ChronoUnit.DAYS).minus(defaultDays, ChronoUnit.DAYS);
    }
  }

  /**
   * A model's scores per version and period, from {@code since} on: each version's periods oldest first, a period
   * in which no check of the version was scored left out.
   */
  public record History(String model, Interval interval, Instant since, List<VersionHistory> versions) {}

  /** One version's periods. */
  public record VersionHistory(String version, List<Period> periods) {}

  /** The checks scored in the period that starts at {@code start} (by the time each check was scored). */
  public record Period(Instant start, ObjectQuality objects, ReadingQuality readings,
      SuggestionQuality suggestions) {}

  private final ElasticsearchClient elasticsearch;

  ModelQuality(ElasticsearchClient elasticsearch) {
    this.elasticsearch = elasticsearch;
  }

  /** The scores of the model's checks since {@code since} (null: all). */
  public Report of(String model, Instant since) {
    List<Query> filters = since(since);
    filters.add(Query.of(query -> query.term(term -> term.field("model").value(model))));
    Map<String, Aggregate> aggregations = search(filters, "versions", versions());
    return report(model, since, aggregations.get("versions"));
  }

  /** The scores of every model an operator's check scored since {@code since} (null: all), by model name. */
  public List<Report> all(Instant since) {
    Map<String, Aggregate> aggregations = search(since(since), "models", Aggregation.of(models -> models
        .terms(terms -> terms.field("model").size(1000))
        .aggregations("versions", versions())));
    return aggregations.get("models").sterms().buckets().array().stream()
        .map(model -> report(model.key().stringValue(), since, model.aggregations().get("versions")))
        .sorted(Comparator.comparing(Report::model))
        .toList();
  }

  /**
   * The scores of the model's checks per version and {@code interval}, by the time each check was scored, since
   * {@code since} (null: the interval's default window).
   */
  public History history(String model, Interval interval, Instant since) {
    Instant from = since != null ? since : interval.defaultSince(Instant.now());
    List<Query> filters = since(from);
    filters.add(Query.of(query -> query.term(term -> term.field("model").value(model))));
    Map<String, Aggregate> aggregations = search(filters, "versions", Aggregation.of(versions -> versions
        .terms(terms -> terms.field("modelVersion").size(1000))
        .aggregations("periods", periods -> periods
            .dateHistogram(histogram -> histogram.field("evaluatedAt").calendarInterval(interval.calendar)
                .minDocCount(1))
            .aggregations(scores()))));
    return new History(model, interval, from, aggregations.get("versions").sterms().buckets().array().stream()
        .map(version -> new VersionHistory(version.key().stringValue(),
            version.aggregations().get("periods").dateHistogram().buckets().array().stream()
                .map(period -> {
                  VersionQuality quality = versionQuality(version.key().stringValue(), period.aggregations());
                  return new Period(Instant.ofEpochMilli(period.key()), quality.objects(), quality.readings(),
                      quality.suggestions());
                })
                .toList()))
        .sorted(Comparator.comparing(VersionHistory::version, ModelQuality::compareVersions))
        .toList());
  }

  private static List<Query> since(Instant since) {
    List<Query> filters = new ArrayList<>();
    if (since != null) {
      filters.add(Query.of(query -> query.range(range -> range.date(date -> date.field("evaluatedAt")
          .gte(since.toString())))));
    }
    return filters;
  }

  private Map<String, Aggregate> search(List<Query> filters, String name, Aggregation aggregation) {
    try {
      return elasticsearch.search(search -> search
              .index(ModelEvaluationsProjector.READ_MODEL.name())
              .size(0)
              .query(query -> query.bool(bool -> bool.filter(filters)))
              .aggregations(name, aggregation),
          Void.class).aggregations();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Per model version: the object scores (with their classes) and the reading scores. */
  private static Aggregation versions() {
    return Aggregation.of(versions -> versions
        .terms(terms -> terms.field("modelVersion").size(1000))
        .aggregations(scores()));
  }

  /** The object scores (with their classes) and the reading scores of a set of checks. */
  private static Map<String, Aggregation> scores() {
    return Map.of(
        ModelEvaluationProjection.OBJECTS, kind(ModelEvaluationProjection.OBJECTS, OBJECT_COUNTS,
            Map.of("classes", Aggregation.of(classes -> classes
                .terms(terms -> terms.field("classId").size(1000))
                .aggregations(sums(OBJECT_COUNTS))))),
        ModelEvaluationProjection.READINGS, kind(ModelEvaluationProjection.READINGS, READING_COUNTS, Map.of()),
        ModelEvaluationProjection.SUGGESTIONS, kind(ModelEvaluationProjection.SUGGESTIONS, SUGGESTION_COUNTS,
            Map.of("classes", Aggregation.of(classes -> classes
                .terms(terms -> terms.field("classId").size(1000))
                .aggregations(sums(SUGGESTION_COUNTS))))));
  }

  private static Report report(String model, Instant since, Aggregate versions) {
    return new Report(model, since, versions.sterms().buckets().array().stream()
        .map(version -> versionQuality(version.key().stringValue(), version.aggregations()))
        .sorted(Comparator.comparing(VersionQuality::version, ModelQuality::compareVersions))
        .toList());
  }

  /** Triton's versions are numbers: 9 before 10; other names in text order. */
  static int compareVersions(String a, String b) {
    boolean numbers = a.chars().allMatch(Character::isDigit) && b.chars().allMatch(Character::isDigit);
    return numbers && a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }

  /** The documents of one kind: how many checks, and the sum of each count. */
  private static Aggregation kind(String kind, List<String> counts, Map<String, Aggregation> more) {
    return Aggregation.of(aggregation -> aggregation
        .filter(filter -> filter.term(term -> term.field("kind").value(kind)))
        .aggregations("checks", checks -> checks.cardinality(cardinality -> cardinality.field("evaluationId")
            .precisionThreshold(MAX_EXACT_CHECKS)))
        .aggregations(sums(counts))
        .aggregations(more));
  }

  private static Map<String, Aggregation> sums(List<String> counts) {
    Map<String, Aggregation> sums = new LinkedHashMap<>();
    counts.forEach(count -> sums.put(count, Aggregation.of(sum -> sum.sum(field -> field.field(count)))));
    return sums;
  }

  private static VersionQuality versionQuality(String version, Map<String, Aggregate> scores) {
    Map<String, Aggregate> objects = scores.get(ModelEvaluationProjection.OBJECTS).filter().aggregations();
    Map<String, Aggregate> readings = scores.get(ModelEvaluationProjection.READINGS).filter().aggregations();
    long objectChecks = objects.get("checks").cardinality().value();
    long readingChecks = readings.get("checks").cardinality().value();
    ObjectQuality objectQuality = null;
    if (objectChecks > 0) {
      long tp = sum(objects, "truePositives");
      long fp = sum(objects, "falsePositives");
      long fn = sum(objects, "falseNegatives");
      List<ClassQuality> classes = objects.get("classes").sterms().buckets().array().stream()
          .map(bucket -> {
            long ctp = sum(bucket.aggregations(), "truePositives");
            long cfp = sum(bucket.aggregations(), "falsePositives");
            long cfn = sum(bucket.aggregations(), "falseNegatives");
            return new ClassQuality(bucket.key().stringValue(), ctp, cfp, cfn, ratio(ctp, ctp + cfp),
                ratio(ctp, ctp + cfn));
          })
          .toList();
      objectQuality = new ObjectQuality(objectChecks, tp, fp, fn, ratio(tp, tp + fp), ratio(tp, tp + fn), classes);
    }
    ReadingQuality readingQuality = null;
    if (readingChecks > 0) {
      long judged = sum(readings, "judged");
      long correct = sum(readings, "correct");
      long characterErrors = sum(readings, "characterErrors");
      long characters = sum(readings, "characters");
      readingQuality = new ReadingQuality(readingChecks, judged, correct, characterErrors, characters,
          sum(readings, "boxChanged"), ratio(correct, judged), ratio(characterErrors, characters));
    }
    Map<String, Aggregate> suggestions = scores.get(ModelEvaluationProjection.SUGGESTIONS).filter().aggregations();
    long suggestionChecks = suggestions.get("checks").cardinality().value();
    SuggestionQuality suggestionQuality = null;
    if (suggestionChecks > 0) {
      long suggested = sum(suggestions, "judged");
      long kept = sum(suggestions, "correct");
      List<ClassSuggestions> classes = suggestions.get("classes").sterms().buckets().array().stream()
          .map(bucket -> {
            long classSuggested = sum(bucket.aggregations(), "judged");
            long classKept = sum(bucket.aggregations(), "correct");
            return new ClassSuggestions(bucket.key().stringValue(), classSuggested, classKept,
                ratio(classKept, classSuggested));
          })
          .toList();
      suggestionQuality = new SuggestionQuality(suggestionChecks, suggested, kept, ratio(kept, suggested), classes);
    }
    return new VersionQuality(version, objectQuality, readingQuality, suggestionQuality);
  }

  private static long sum(Map<String, Aggregate> aggregations, String count) {
    return Math.round(aggregations.get(count).sum().value());
  }

  private static Double ratio(long part, long whole) {
    return whole == 0 ? null : part / (double) whole;
  }
}
