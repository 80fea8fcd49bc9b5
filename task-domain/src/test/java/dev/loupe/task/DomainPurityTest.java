package dev.loupe.task;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.InstantSource;
import java.util.Random;
import java.util.UUID;

/**
 * The domain decides and folds; it does not reach the outside world. Its Maven module keeps Spring, Camunda and
 * the drivers off its classpath; this keeps the JDK's own I/O, networking, clocks and randomness out of its code
 * too: the time and the ids of a decision come in with its command.
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
      .resideInAnyPackage("java.io..", "java.nio.file..", "java.net.http..", "java.sql..", "javax.sql..");

  @ArchTest
  static final ArchRule noClockOrChance = noClasses().should().dependOnClassesThat()
      .areAssignableTo(Clock.class).orShould().dependOnClassesThat().areAssignableTo(InstantSource.class)
      .orShould().dependOnClassesThat().areAssignableTo(Random.class)
      .orShould().callMethodWhere(target(name("now")).and(target(owner(resideInAPackage("java.time")))))
      .orShould().callMethod(System.class, "currentTimeMillis")
      .orShould().callMethod(System.class, "nanoTime")
      .orShould().callMethod(UUID.class, "randomUUID");
}
