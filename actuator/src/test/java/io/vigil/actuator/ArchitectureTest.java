package io.vigil.actuator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Layering of the actuator: a small stand-alone consumer of the remediation topic. It shares the
 * domain ({@code io.vigil.models}) with the job but none of the job itself, and no Flink.
 */
@AnalyzeClasses(packages = "io.vigil", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule actuatorDoesNotDependOnTheJobOrItsOperators =
      noClasses()
          .that()
          .resideInAPackage("io.vigil.actuator..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.vigil.jobs..", "io.vigil.operators..", "io.vigil.cli..")
          .because(
              "the actuator is deployed on its own and trusts nothing of the job but the topic");

  @ArchTest
  static final ArchRule actuatorDoesNotDependOnFlink =
      noClasses()
          .that()
          .resideInAPackage("io.vigil.actuator..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.flink..")
          .because("the actuator runs as a Lambda or a small process, not in a Flink cluster");
}
