package io.vigil.operators;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Layering of the operators: Flink functions, sources and sinks that the job wires. They sit below
 * the job, its CLI and the actuator (the remediation consumer), and must never reach up to them.
 */
@AnalyzeClasses(packages = "io.vigil", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  @ArchTest
  static final ArchRule operatorsDoNotDependOnTheJobOrTheCli =
      noClasses()
          .that()
          .resideInAPackage("io.vigil.operators..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.vigil.jobs..", "io.vigil.cli..", "picocli..")
          .because("operators are wired by the job; the CLI sits on top of both");

  @ArchTest
  static final ArchRule operatorsDoNotDependOnTheActuator =
      noClasses()
          .that()
          .resideInAPackage("io.vigil.operators..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.vigil.actuator..")
          .because("the actuator consumes the job's output; the job must not ship its consumer");
}
