package dev.loupe.readmodels;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The projection machinery (batches, gap repair, dead letters, rebuilds) knows no read model; each read model
 * builds on it. The model-evaluations and billing models read the tasks model's stream names; nothing reads the other
 * way.
 */
@AnalyzeClasses(packages = "dev.loupe.readmodels", importOptions = ImportOption.DoNotIncludeTests.class)
class ReadModelBoundariesTest {

  @ArchTest
  static final ArchRule readModelsBuildOnTheMachinery = layeredArchitecture()
      .consideringOnlyDependenciesInLayers()
      .layer("machinery").definedBy("dev.loupe.readmodels.projection..")
      .layer("tasks").definedBy("dev.loupe.readmodels.tasks..")
      .layer("quality").definedBy("dev.loupe.readmodels.quality..")
      .layer("billing").definedBy("dev.loupe.readmodels.billing..")
      .whereLayer("quality").mayNotBeAccessedByAnyLayer()
      .whereLayer("billing").mayNotBeAccessedByAnyLayer()
      .whereLayer("tasks").mayOnlyBeAccessedByLayers("quality", "billing")
      .whereLayer("machinery").mayOnlyBeAccessedByLayers("tasks", "quality", "billing");
}
