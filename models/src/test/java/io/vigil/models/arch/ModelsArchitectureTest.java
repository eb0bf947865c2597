package io.vigil.models.arch;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.vigil.models.policy.FunctionTag;
import java.util.Set;

/**
 * The shape of the domain module: its packages form an acyclic graph (each top-level package under
 * {@code io.vigil.models} is one slice, sub-packages included), and it never touches Flink.
 */
@AnalyzeClasses(packages = "io.vigil.models", importOptions = ImportOption.DoNotIncludeTests.class)
class ModelsArchitectureTest {

  /**
   * Leaf value types whose package is pinned by savepoints: Flink's POJO and array serializer
   * snapshots record the class name, so moving them breaks restoring keyed state. {@link
   * FunctionTag} is an element of {@code Finding.tags} (state {@code es-pending-network-findings})
   * and {@code RemediationAction.tags} (state {@code pending-actions}); it belongs below {@code
   * finding} and {@code action}, but stays in {@code policy}. A dependency on a class that depends
   * on nothing else in the module cannot close a cycle between classes, so the package rule skips
   * dependencies on these, and {@link #pinnedTypesAreLeaves} keeps that true.
   */
  private static final Set<Class<?>> PINNED_LEAVES = Set.of(FunctionTag.class);

  /** A pinned leaf or an array of one. */
  private static final DescribedPredicate<JavaClass> PINNED =
      describe(
          "pinned leaf types " + PINNED_LEAVES,
          c -> PINNED_LEAVES.stream().anyMatch(p -> c.getBaseComponentType().isEquivalentTo(p)));

  @ArchTest
  static final ArchRule packagesAreFreeOfCycles =
      slices()
          .matching("io.vigil.models.(*)..")
          .should()
          .beFreeOfCycles()
          .ignoreDependency(alwaysTrue(), PINNED);

  @ArchTest
  static final ArchRule pinnedTypesAreLeaves =
      noClasses()
          .that(PINNED)
          .should()
          .dependOnClassesThat(resideInAPackage("io.vigil.models..").and(not(PINNED)));

  @ArchTest
  static final ArchRule noFlink =
      noClasses()
          .that()
          .resideInAPackage("io.vigil.models..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.flink..");
}
