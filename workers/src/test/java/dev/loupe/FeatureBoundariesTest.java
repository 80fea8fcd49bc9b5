package dev.loupe;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runtime is packaged by feature: each package of this module holds one feature's controller, workers and
 * adapters. A feature may use only the features this table lets it; everything else it needs comes from the
 * modules below (task-domain, event-journal, read-models, bpmn, inference). {@code task} is what every feature
 * shares: the task repository over the journal and the job workers' causes and backoff. {@code outbound} is the
 * one policy for URLs clients give Loupe; the features that fetch or call them use it.
 */
class FeatureBoundariesTest {

  private static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
      Map.entry("task", Set.of()),
      Map.entry("outbound", Set.of()),
      Map.entry("clients", Set.of("task")),
      Map.entry("models", Set.of("task")),
      Map.entry("recipes", Set.of("task")),
      Map.entry("recovery", Set.of("recipes", "task")),
      Map.entry("security", Set.of("clients", "task")),
      Map.entry("submission", Set.of("clients", "recipes", "security", "task")),
      Map.entry("detection", Set.of("models", "outbound", "recipes", "task")),
      Map.entry("pricetags", Set.of("detection", "models", "outbound", "task")),
      Map.entry("quality", Set.of("clients", "models", "task")),
      Map.entry("operatorwork", Set.of("detection", "models", "recipes", "security", "task")),
      Map.entry("operatormonitor", Set.of("operatorwork", "security")),
      Map.entry("callbacks", Set.of("clients", "outbound", "task")),
      Map.entry("journal", Set.of("task")),
      Map.entry("training", Set.of("detection", "models", "security", "task")),
      Map.entry("readmodels", Set.of()),
      Map.entry("billing", Set.of("clients", "security", "task")),
      Map.entry("demand", Set.of("operatorwork")));

  /** This module's own classes: the modules below share some package names (a feature has one name everywhere). */
  private static final JavaClasses WORKERS = new ClassFileImporter()
      .withImportOption(new ImportOption.DoNotIncludeTests())
      .withImportOption(location -> location.contains("/workers/target/classes/"))
      .importPackages("dev.loupe");

  @Test
  void shouldHaveATableEntryForEveryFeaturePackage() {
    Set<String> features = new TreeSet<>();
    WORKERS.forEach(javaClass -> features.add(featureOf(javaClass)));
    assertThat(features).containsExactlyInAnyOrderElementsOf(MAY_USE.keySet());
  }

  @ParameterizedTest(name = "{0} uses only {1}")
  @MethodSource("features")
  void shouldUseOnlyTheFeaturesItMay(String feature, Set<String> allowed) {
    List<String> others = MAY_USE.keySet().stream()
        .filter(other -> !other.equals(feature) && !allowed.contains(other))
        .sorted()
        .toList();
    noClasses().that(inFeatures(List.of(feature)))
        .should().dependOnClassesThat(inFeatures(others))
        .allowEmptyShould(true)
        .check(WORKERS);
  }

  @Test
  void shouldHaveNoCyclesBetweenFeatures() {
    slices().matching("dev.loupe.(*)..").should().beFreeOfCycles().check(WORKERS);
  }

  static Stream<Arguments> features() {
    return MAY_USE.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(entry -> Arguments.of(entry.getKey(), new TreeSet<>(entry.getValue())));
  }

  private static DescribedPredicate<JavaClass> inFeatures(List<String> features) {
    return DescribedPredicate.describe("are in this module's " + features,
        javaClass -> WORKERS.contain(javaClass.getName()) && features.contains(featureOf(javaClass)));
  }

  private static String featureOf(JavaClass javaClass) {
    return javaClass.getPackageName().substring("dev.loupe.".length()).split("\\.")[0];
  }
}
