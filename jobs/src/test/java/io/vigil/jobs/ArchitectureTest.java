package io.vigil.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Layering of the job: what runs in the Flink cluster (the wiring in {@code io.vigil.jobs}, its
 * sinks and Kinesis settings) uses the operators and the domain. The {@code vigil} CLI and its
 * tools (bench, eval, report) sit on top of it and are never reached from the job.
 */
@AnalyzeClasses(packages = "io.vigil", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  static final String[] JOB = {"io.vigil.jobs", "io.vigil.jobs.sink..", "io.vigil.jobs.kinesis.."};

  @ArchTest
  static final ArchRule theJobDoesNotDependOnTheCli =
      noClasses()
          .that()
          .resideInAnyPackage(JOB)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.vigil.jobs.cli..",
              "io.vigil.cli..",
              "picocli..",
              "io.vigil.jobs.bench..",
              "io.vigil.jobs.eval..",
              "io.vigil.jobs.report..")
          .because("the job jar runs in a Flink cluster, where there is no command line");

  @ArchTest
  static final ArchRule theJobDoesNotDependOnTheActuator =
      noClasses()
          .that()
          .resideInAnyPackage(JOB)
          // Known exception until issue 14 item 2 moves the topic writer to a module that the job
          // and the actuator share: the remediation sink still borrows the actuator's writer.
          .and()
          .haveNameNotMatching("io\\.vigil\\.jobs\\.sink\\.RemediationTopicSink(\\$.*)?")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.vigil.actuator..")
          .because("the actuator consumes the job's output; the job must not ship its consumer");
}
