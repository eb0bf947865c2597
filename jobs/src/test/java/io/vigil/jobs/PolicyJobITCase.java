package io.vigil.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.models.action.RemediationAction;
import io.vigil.models.finding.Feedback;
import io.vigil.models.finding.Finding;
import io.vigil.models.policy.FunctionTag;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.FunctionSpec;
import io.vigil.operators.action.PlannedAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated fleet through the real job with a policy folder: policies raise action modes. */
class PolicyJobITCase {
  @TempDir Path dir;

  static final String POLICY =
      """
      apiVersion: vigil.io/v1
      kind: Policy
      metadata: {name: spikes}
      spec:
        selector: {functions: ["*"]}
        actions:
          - finding: INVOCATION_SPIKE
            action: THROTTLE
            mode: enforce
            reservedConcurrency: 7
            expiry: 30m
      """;

  Configuration conf(Path policies) {
    Configuration c = new Configuration();
    c.set(VigilOptions.OUTPUT_DIR, dir.resolve("out").toString());
    c.set(VigilOptions.CONSOLE, false);
    c.set(VigilOptions.SIM_FUNCTIONS, 12);
    c.set(VigilOptions.SIM_MINUTES, 130L);
    c.set(VigilOptions.SIM_CLOCK_FACTOR, 0.0);
    c.set(VigilOptions.PARALLELISM, 1);
    c.set(VigilOptions.POLICY_DIR, policies.toString());
    c.set(PipelineOptions.GENERIC_TYPES, false);
    return c;
  }

  /** Runs the job to its end and returns its outputs, collected in memory. */
  static CollectingSinks run(Configuration c) throws Exception {
    CollectingSinks sinks = new CollectingSinks();
    StreamExecutionEnvironment env = LocalRunner.boundedEnvironment(c);
    VigilJob.build(env, c, sinks);
    env.execute("policy-job-test");
    return sinks;
  }

  @Test
  void policyFolderRaisesTheModeOfPlannedActions() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("spikes.yaml"), POLICY);
    List<RemediationAction> actions = run(conf(policies)).actions();
    // INVOCATION_SPIKE -> THROTTLE is raised to ENFORCE with the policy's numbers; COST_SPIKE
    // (also THROTTLE) and everything else has no rule and stays DRY_RUN. (Findings that beat the
    // first policy broadcast would stay DRY_RUN too: the safe default.)
    assertThat(actions)
        .filteredOn(a -> a.mode.equals("ENFORCE"))
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.type).isEqualTo("THROTTLE");
              assertThat(a.reservedConcurrency).isEqualTo(7);
              assertThat(a.expiresAt - a.createdAt).isEqualTo(30 * 60_000L);
            });
    assertThat(actions)
        .filteredOn(a -> !a.mode.equals("ENFORCE"))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.mode).isEqualTo("DRY_RUN"));
  }

  @Test
  void withoutAPolicyFolderTheSameOperatorsKeepEveryActionDryRun() throws Exception {
    Configuration c = conf(dir);
    c.removeConfig(VigilOptions.POLICY_DIR);
    CollectingSinks out = run(c);
    // The control broadcast is empty: defaults everywhere, nothing limited, nothing rejected.
    assertThat(out.findings()).isNotEmpty();
    assertThat(out.metrics()).isNotEmpty();
    assertThat(out.actions()).isNotEmpty().allSatisfy(a -> assertThat(a.mode).isEqualTo("DRY_RUN"));
    assertThat(out.suppressedActions()).isEmpty();
    assertThat(out.suppressedFindings()).isEmpty();
    assertThat(out.policyRejections()).isEmpty();
  }

  CollectingSinks runWith(String policy, String name) throws Exception {
    Path policies = Files.createDirectories(dir.resolve(name));
    Files.writeString(policies.resolve("spikes.yaml"), policy);
    Configuration c = conf(policies);
    c.set(VigilOptions.PARALLELISM, 2);
    return run(c);
  }

  static final String ISOLATE =
      POLICY
          + "    - finding: \"*\"\n"
          + "      action: ISOLATE_NETWORK\n"
          + "      mode: approval\n"
          + "      securityGroupId: sg-0123456789abcdef0\n"
          + "      expiry: 1h\n";

  @Test
  void maxPerHourLimitsARuleAcrossInstancesAndKeepsTheRestInTheirOwnOutput() throws Exception {
    List<RemediationAction> free = runWith(ISOLATE, "free").actions();
    CollectingSinks cappedRun = runWith(ISOLATE + "      maxPerHour: 1\n", "capped");
    List<RemediationAction> capped = cappedRun.actions();
    List<RemediationAction> isolations =
        capped.stream().filter(a -> a.type.equals("ISOLATE_NETWORK")).toList();
    assertThat(isolations).isNotEmpty();
    for (RemediationAction a : isolations)
      assertThat(isolations)
          .filteredOn(b -> b.createdAt > a.createdAt - 3_600_000L && b.createdAt <= a.createdAt)
          .hasSize(1);
    List<PlannedAction> suppressed = cappedRun.suppressedActions();
    assertThat(suppressed)
        .isNotEmpty()
        .allSatisfy(
            p -> {
              assertThat(p.ruleKey).isEqualTo("spikes/*/ISOLATE_NETWORK");
              assertThat(p.maxPerHour).isEqualTo(1);
            });
    // Nothing lost: admitted + suppressed = what the uncapped run emitted, same ids.
    List<String> all = new ArrayList<>(capped.stream().map(a -> a.id).toList());
    suppressed.forEach(p -> all.add(p.action.id));
    assertThat(all).containsExactlyInAnyOrderElementsOf(free.stream().map(a -> a.id).toList());
  }

  @Test
  void manifestTagsSelectPoliciesAndProtectedFunctionsGetNotifyOnly() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    // The policy selects by tag only; every function's manifest says team=fleet, and every other
    // function is also vigil:protected=true.
    Files.writeString(
        policies.resolve("spikes.yaml"),
        POLICY
                .replace("functions: [\"*\"]", "tags: {team: fleet}")
                .replace("mode: enforce", "mode: approval")
            + "    - {finding: CRYPTO_MINING, action: QUARANTINE, mode: approval, expiry: 30m}\n");
    Configuration c = conf(policies);
    List<FunctionSpec> fleet = new FleetSimulator(Sources.simulationConfig(c)).fleet().functions();
    Set<String> protectedFns = new HashSet<>();
    for (int i = 0; i < fleet.size(); i++) {
      FunctionSpec fn = fleet.get(i);
      boolean prot = i % 2 == 1;
      if (prot) protectedFns.add(fn.name);
      Files.writeString(
          policies.resolve("fn-" + i + ".yaml"),
          "apiVersion: x/v1\nkind: LambdaFunction\nspec:\n  functionName: "
              + fn.name
              + "\n  memorySize: "
              + fn.memorySizeMb
              + "\n  tags: {team: fleet"
              + (prot ? ", \"vigil:protected\": \"true\"" : "")
              + "}\n");
    }
    CollectingSinks out = run(c);

    List<Finding> findings = out.findings();
    assertThat(findings)
        .isNotEmpty()
        .allSatisfy(f -> assertThat(FunctionTag.toMap(f.tags)).containsEntry("team", "fleet"));
    List<RemediationAction> actions = out.actions();
    // The tag-selected rule raised spikes of unprotected functions...
    assertThat(actions)
        .filteredOn(a -> !protectedFns.contains(a.functionName))
        .anySatisfy(a -> assertThat(a.mode).isEqualTo("APPROVAL"));
    // ...and protected functions got NOTIFY, dry-run, and nothing else.
    assertThat(actions)
        .filteredOn(a -> protectedFns.contains(a.functionName))
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.type).isEqualTo("NOTIFY");
              assertThat(a.mode).isEqualTo("DRY_RUN");
              assertThat(FunctionTag.toMap(a.tags)).containsEntry("vigil:protected", "true");
            });
  }

  @Test
  void invalidPolicyFolderStopsTheJobAtBuildTime() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(policies.resolve("x.yaml"), POLICY.replace("enforce", "always"));
    Configuration c = conf(policies);
    StreamExecutionEnvironment env = LocalRunner.boundedEnvironment(c);
    assertThatThrownBy(() -> VigilJob.build(env, c))
        .hasMessageContaining("x.yaml:9:13: field 'spec.actions[0].mode'");
  }

  @Test
  void feedbackSuppressesAFalsePositiveToItsOwnOutput() throws Exception {
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(policies.resolve("spikes.yaml"), POLICY);
    // The latest clear-cut OPEN (its score stays above the desensitised floor of 0.65).
    Finding target =
        run(conf(policies)).findings().stream()
            .filter(f -> f.status.equals("OPEN") && f.score >= 0.7)
            .max(java.util.Comparator.comparingLong(f -> f.windowStart))
            .orElseThrow();

    Path feedback = Files.createDirectories(dir.resolve("feedback"));
    Files.writeString(
        feedback.resolve("feedback.jsonl"),
        new Feedback(
                    target.incidentId,
                    target.functionName,
                    target.type,
                    Feedback.FALSE_POSITIVE,
                    "2100-01-01T00:00:00Z")
                .toLine()
            + "\n");
    Configuration second = conf(policies);
    second.set(VigilOptions.FEEDBACK_DIR, feedback.toString());
    second.set(VigilOptions.FEEDBACK_POLL_INTERVAL, java.time.Duration.ZERO);
    CollectingSinks out2 = run(second);

    // Only that (function, type) is suppressed, into its own file (not lost), from the moment the
    // verdict reaches detection; everything else is reported as before.
    List<Finding> suppressed = out2.suppressedFindings();
    assertThat(suppressed)
        .allSatisfy(
            f -> {
              assertThat(f.functionName).isEqualTo(target.functionName);
              assertThat(f.type).isEqualTo(target.type);
            })
        .anySatisfy(f -> assertThat(f.status).isEqualTo("OPEN"));
    List<Finding> reported = out2.findings();
    assertThat(reported).isNotEmpty();
    assertThat(reported)
        .noneMatch(
            f ->
                f.functionName.equals(target.functionName)
                    && f.type.equals(target.type)
                    && f.windowStart >= target.windowStart);
  }
}
