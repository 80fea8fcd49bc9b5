package dev.loupe.task;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The domain decides and folds; it does not reach the outside world. Its Maven module keeps Spring, Camunda and
 * the drivers off its classpath; this keeps the JDK's own I/O, networking and clocks out of its code too.
 */
@AnalyzeClasses(packages = "dev.loupe.task", importOptions = {ImportOption.DoNotIncludeTests.class,
    ImportOption.DoNotIncludeJars.class})
class DomainPurityTest {

  @ArchTest
  static final ArchRule noFrameworks = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("org.springframework..", "io.camunda..", "org.apache.kafka..", "co.elastic..",
          "org.postgresql..", "io.grpc..", "dev.loupe.journal..", "dev.loupe.inference..");

  @ArchTest
  static final ArchRule noInputOutput = noClasses().should().dependOnClassesThat()
      .resideInAnyPackage("java.io..", "java.nio.file..", "java.net.http..", "java.sql..", "javax.sql..")
      .orShould().callMethod(System.class, "currentTimeMillis")
      .orShould().callMethod(java.time.Instant.class, "now");
}
