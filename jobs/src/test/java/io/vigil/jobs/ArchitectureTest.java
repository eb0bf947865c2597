package io.vigil.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Layering of the job: everything in {@code io.vigil.jobs} runs in the Flink cluster and ships in
 * the job jar. It uses the operators, the domain and the producer side of the remediation topic
 * ({@code io.vigil.remediation}); the {@code vigil} CLI ({@code cli/}) sits on top of it and the
 * actuator consumes its output, so neither is ever reached from the job.
 */
@AnalyzeClasses(packages = "io.vigil", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  static final String JOB = "io.vigil.jobs..";

  @ArchTest
  static final ArchRule theJobDoesNotDependOnTheCli =
      noClasses()
          .that()
          .resideInAPackage(JOB)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.vigil.cli..", "picocli..")
          .because("the job jar runs in a Flink cluster, where there is no command line");

  @ArchTest
  static final ArchRule theJobDoesNotDependOnTheActuator =
      noClasses()
          .that()
          .resideInAPackage(JOB)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.vigil.actuator..")
          .because("the actuator consumes the job's output; the job must not ship its consumer");
}
