package io.vigil.models.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.models.action.ActionMode;
import io.vigil.models.action.ActionType;
import io.vigil.models.finding.FindingType;
import io.vigil.models.settings.DetectorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyLoaderTest {
  static final Path SHIPPED = locate("deploy/policies");

  static Path locate(String rel) {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve(rel))) p = p.getParent();
    if (p == null) throw new IllegalStateException(rel + " not found");
    return p.resolve(rel);
  }

  @Test
  void shippedPoliciesValidate() {
    PolicyLoadResult r = PolicyLoader.load(SHIPPED);
    assertThat(r.errors()).isEmpty();
    PolicySet set = r.orThrow();
    assertThat(set.policies())
        .extracting(Policy::name)
        .containsExactly("payments-guard", "fleet-default");
    assertThat(set.manifests()).containsKey("checkout-api");
  }

  @Test
  void selectorsPrioritiesSettingsAndRules() {
    PolicySet set = PolicyLoader.load(SHIPPED).orThrow();
    Map<String, String> tags = Map.of("team", "payments");
    DetectorSettings s = set.settingsFor("checkout-api", "123456789012", tags);
    assertThat(s.spikeRatio).isEqualTo(2.5);
    assertThat(s.zThreshold).isEqualTo(4.5); // "high" sensitivity
    assertThat(s.minInvocationsForSpike).isEqualTo(50);
    // Wrong account: only the fleet default applies.
    assertThat(set.settingsFor("checkout-api", "999999999999", tags).spikeRatio).isEqualTo(3.0);
    // Missing tag: no match either.
    assertThat(set.matching("checkout-api", "123456789012", Map.of()))
        .extracting(Policy::name)
        .containsExactly("fleet-default");

    ActionRule r =
        set.ruleFor("checkout-api", "123456789012", tags, FindingType.INVOCATION_SPIKE)
            .orElseThrow();
    assertThat(r.action()).isEqualTo(ActionType.THROTTLE);
    assertThat(r.mode()).isEqualTo(ActionMode.APPROVAL);
    assertThat(r.reservedConcurrency()).isEqualTo(20);
    assertThat(r.expiryMs()).isEqualTo(3_600_000L);
    // Unmapped finding type falls to the highest policy with '*'... payments has none, default
    // does.
    ActionRule n =
        set.ruleFor("checkout-api", "123456789012", tags, FindingType.ERROR_STORM).orElseThrow();
    assertThat(n.action()).isEqualTo(ActionType.NOTIFY);
  }

  @Test
  void manifestBecomesBudgetsAndDeclaredSize() {
    PolicySet set = PolicyLoader.load(SHIPPED).orThrow();
    FunctionManifest m = set.manifests().get("checkout-api");
    assertThat(m.memorySizeMb()).isEqualTo(512);
    assertThat(m.memorySizeLine()).isEqualTo(11);
    assertThat(set.declaredMemoryMb("checkout-api")).contains(512);
    List<BudgetRule> b = set.budgetsFor("checkout-api", "123456789012", Map.of("team", "payments"));
    assertThat(b)
        .extracting(BudgetRule::name)
        .contains("payments-monthly-cost", "checkout-api-invocations", "checkout-api-cost");
    BudgetRule cost =
        b.stream().filter(x -> x.name().equals("checkout-api-cost")).findFirst().get();
    assertThat(cost.limit()).isEqualTo(250.0);
    assertThat(cost.metric()).isEqualTo("costUsd");
    assertThat(cost.period()).isEqualTo("month");
  }

  @Test
  void errorsCarryFileLineColumnAndField(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("bad.yaml"),
        """
        apiVersion: vigil.io/v1
        kind: Policy
        metadata:
          name: bad
        spec:
          selector:
            functions: ["x-*"]
            accounts: ["12"]
          detectors:
            sensitivity: extreme
            thresholds:
              zThreshhold: 3
          actions:
            - finding: INVOCATION_SPIKE
              action: THROTTLE
              mode: enforce
              expiry: soon
            - finding: NOPE
              action: EXPLODE
        """);
    PolicyLoadResult r = PolicyLoader.load(dir);
    assertThat(r.valid()).isFalse();
    assertThat(r.set()).isNull();
    List<String> lines = r.errors().stream().map(PolicyError::toString).toList();
    assertThat(lines)
        .contains(
            "bad.yaml:8:16: field 'spec.selector.accounts[0]': must be a 12-digit AWS account id",
            "bad.yaml:10:18: field 'spec.detectors.sensitivity': must be one of low, medium, high (got 'extreme')",
            "bad.yaml:14:7: field 'spec.actions[0].reservedConcurrency': required for THROTTLE",
            "bad.yaml:17:15: field 'spec.actions[0].expiry': must be a duration like 90s, 30m, 2h, 1d");
    assertThat(lines)
        .anyMatch(
            l ->
                l.startsWith(
                    "bad.yaml:12:7: field 'spec.detectors.thresholds.zThreshhold': unknown detector setting"));
    assertThat(lines)
        .anyMatch(
            l ->
                l.startsWith(
                    "bad.yaml:18:16: field 'spec.actions[1].finding': unknown finding type"));
    assertThat(lines)
        .anyMatch(
            l -> l.startsWith("bad.yaml:19:15: field 'spec.actions[1].action': unknown action"));
    assertThatThrownBy(r::orThrow).hasMessageContaining("bad.yaml:8:16");
  }

  @Test
  void oneBadFileRejectsTheWholeSet(@TempDir Path dir) throws Exception {
    Files.copy(SHIPPED.resolve("payments.yaml"), dir.resolve("a.yaml"));
    Files.writeString(dir.resolve("b.yaml"), "kind: Policy\nmetadata: {name: b}\nspec: [1]\n");
    PolicyLoadResult r = PolicyLoader.load(dir);
    assertThat(r.set()).isNull();
    assertThat(r.errors())
        .extracting(PolicyError::toString)
        .containsExactly(
            "b.yaml:1:1: field 'apiVersion': is required",
            "b.yaml:3:7: field 'spec': must be a mapping");
  }

  @Test
  void syntaxErrorsDuplicatesAndUnknownKinds(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "kind: Policy\n  bad: [\n");
    Files.writeString(dir.resolve("b.yml"), "kind: Nope\n");
    Files.writeString(
        dir.resolve("c.yaml"),
        "apiVersion: vigil.io/v1\nkind: Policy\nmetadata: {name: p}\nspec: {selector: {}}\n---\n"
            + "apiVersion: vigil.io/v1\nkind: Policy\nmetadata: {name: p}\nspec: {selector: {}}\n");
    List<String> lines =
        PolicyLoader.load(dir).errors().stream().map(PolicyError::toString).toList();
    assertThat(lines).anyMatch(l -> l.startsWith("a.yaml:2:") && l.contains("YAML syntax"));
    assertThat(lines)
        .contains("b.yml:1:7: field 'kind': unknown kind 'Nope' (Policy, LambdaFunction)");
    assertThat(lines)
        .contains("c.yaml:8:11: field 'metadata.name': duplicate policy name 'p' (also in c.yaml)");
  }

  @Test
  void manifestErrors(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("m.yaml"),
        "apiVersion: x/v1\nkind: LambdaFunction\nspec:\n  functionName: f\n  memorySize: 64\n"
            + "  finops:\n    monitoringAlerts:\n      highCostThreshold: lots\n");
    assertThat(PolicyLoader.load(dir).errors())
        .extracting(PolicyError::toString)
        .containsExactly(
            "m.yaml:5:15: field 'spec.memorySize': must be between 128 and 10240 (MB)",
            "m.yaml:8:26: field 'spec.finops.monitoringAlerts.highCostThreshold': must be a number (got 'lots')");
  }

  @Test
  void manifestTagsAndConfigurationReachSelectors() {
    PolicySet set = PolicyLoader.load(SHIPPED).orThrow();
    FunctionManifest m = set.manifests().get("checkout-api");
    // spec.tags plus costAllocationTag 'Project:Checkout' as Project=Checkout.
    assertThat(set.tagsFor("checkout-api"))
        .isEqualTo(Map.of("team", "payments", "service", "checkout", "Project", "Checkout"));
    assertThat(set.tagsFor("unknown-fn")).isEmpty();
    assertThat(m.runtime()).isEqualTo("java21");
    assertThat(m.timeoutSeconds()).isEqualTo(3);
    assertThat(m.architecture()).isEqualTo("arm64");
    assertThat(m.inVpc()).isFalse();
    // The manifest's tags make the tag-selected payments policy match, as inside the job.
    assertThat(set.matching("checkout-api", "123456789012", set.tagsFor("checkout-api")))
        .extracting(Policy::name)
        .containsExactly("payments-guard", "fleet-default");
  }

  @Test
  void manifestVpcArchitecturesAndTagErrors(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("m.yaml"),
        """
        apiVersion: x/v1
        kind: LambdaFunction
        spec:
          functionName: f
          memorySize: 256
          architectures: [x86_64]
          vpcConfig:
            subnetIds: [subnet-1, subnet-2]
            securityGroupIds: [sg-1]
          tags: {"vigil:protected": "true", owner: ""}
        """);
    FunctionManifest m = PolicyLoader.load(dir).orThrow().manifests().get("f");
    assertThat(m.architecture()).isEqualTo("x86_64");
    assertThat(m.subnetIds()).containsExactly("subnet-1", "subnet-2");
    assertThat(m.securityGroupIds()).containsExactly("sg-1");
    assertThat(m.inVpc()).isTrue();
    assertThat(m.tags()).isEqualTo(Map.of("vigil:protected", "true", "owner", ""));
    assertThat(m.timeoutSeconds()).isEqualTo(-1);

    Files.writeString(
        dir.resolve("m.yaml"),
        "apiVersion: x/v1\nkind: LambdaFunction\nspec:\n  functionName: f\n  memorySize: 256\n"
            + "  architecture: sparc\n  timeout: 9000\n  tags:\n    team: [a]\n");
    assertThat(PolicyLoader.load(dir).errors())
        .extracting(PolicyError::toString)
        .containsExactly(
            "m.yaml:9:11: field 'spec.tags.team': must be a string",
            "m.yaml:7:12: field 'spec.timeout': must be between 1 and 900 (seconds)",
            "m.yaml:6:17: field 'spec.architecture': must be x86_64 or arm64 (got 'sparc')");
  }
}
