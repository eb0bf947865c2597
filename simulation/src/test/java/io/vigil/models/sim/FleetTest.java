package io.vigil.models.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetTest {
  @Test
  void buildsDeterministicRealisticFleet() {
    Fleet a = new Fleet(42, 50);
    Fleet b = new Fleet(42, 50);
    List<FunctionSpec> fs = a.functions();
    assertThat(fs).hasSize(50);
    assertThat(fs.stream().map(FunctionSpec::toString).toList())
        .isEqualTo(b.functions().stream().map(FunctionSpec::toString).toList());
    assertThat(
            new Fleet(43, 50).functions().get(0).name + new Fleet(43, 50).functions().get(1).name)
        .isNotEqualTo(fs.get(0).name + fs.get(1).name);

    Set<String> names = new HashSet<>();
    for (FunctionSpec f : fs) {
      assertThat(names.add(f.name)).as("unique name %s", f.name).isTrue();
      assertThat(f.name).matches("[a-z][a-z0-9-]*");
      assertThat(f.accountId).matches("\\d{12}");
      assertThat(List.of(128, 256, 512, 1024, 1536, 2048, 3008)).contains(f.memorySizeMb);
      assertThat(f.architecture).isIn("x86_64", "arm64");
      assertThat(f.typicalMemoryUsedMb).isBetween(1, f.memorySizeMb);
      assertThat(f.medianDurationMs * 4).isLessThan(f.timeoutSeconds * 1000.0);
      if (f.vpcAttached) {
        assertThat(f.eniId).matches("eni-[0-9a-f]{17}");
        assertThat(f.privateIp).startsWith("10.");
        assertThat(f.usualDestinations).isNotEmpty().allMatch(d -> d.matches("[\\d.]+:\\d+"));
      } else assertThat(f.eniId).isNull();
    }
    long arm = fs.stream().filter(FunctionSpec::arm64).count();
    long vpc = fs.stream().filter(f -> f.vpcAttached).count();
    long use1 = fs.stream().filter(f -> f.region.equals("us-east-1")).count();
    assertThat(arm).isBetween(8L, 25L);
    assertThat(vpc).isBetween(12L, 30L);
    assertThat(use1).isGreaterThan(30);
    assertThat(a.accounts()).hasSizeBetween(2, 3);
    assertThat(a.eniToFunction()).hasSize((int) vpc);
    a.eniToFunction()
        .forEach(
            (eni, arn) -> {
              FunctionSpec f = a.byName(arn.substring(arn.lastIndexOf(':') + 1));
              assertThat(f.eniId).isEqualTo(eni);
              assertThat(arn).isEqualTo(f.arn()); // the ARN carries the function's region
            });
  }
}
