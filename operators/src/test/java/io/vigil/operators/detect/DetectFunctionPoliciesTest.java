package io.vigil.operators.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.action.ActionPlanner;
import io.vigil.models.finding.Feedback;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FunctionConfig;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.policy.FunctionTag;
import io.vigil.models.profile.PriceTable;
import io.vigil.operators.OutputTags;
import io.vigil.operators.control.ControlEvent;
import io.vigil.operators.control.ControlState;
import io.vigil.operators.control.ParsedBundles;
import io.vigil.testkit.domain.MetricBucketBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class DetectFunctionPoliciesTest {
  private static final long MINUTE = 60_000;
  private static final long IDLE = 30 * MINUTE;
  private static final long T0 = Instant.parse("2025-11-04T00:00:00Z").toEpochMilli();

  static final String MANIFEST =
      """
      apiVersion: serverless.apexlogic.io/v1alpha1
      kind: LambdaFunction
      metadata: {name: checkout-api}
      spec:
        functionName: checkout-api
        memorySize: 512
        finops:
          monitoringAlerts:
            highInvocationThreshold: 50000000
            highCostThreshold: 250
      """;

  static final String QUIET_ERRORS =
      """
      apiVersion: vigil.io/v1
      kind: Policy
      metadata: {name: tolerant}
      spec:
        selector: {functions: ["batch-*"]}
        detectors:
          thresholds:
            evidenceThreshold: 100000
      """;

  private static MetricBucket bucket(String fn, long minute, long inv, long errors, double cost) {
    return MetricBucketBuilder.bucket("111122223333/us-east-1/" + fn, T0 + minute * MINUTE)
        .invocations(inv)
        .errors(errors)
        .durationP50Ms(100)
        .memoryMb(512, 400)
        .costUsd(cost)
        .build();
  }

  private static KeyedBroadcastOperatorTestHarness<String, MetricBucket, ControlEvent, Finding>
      harness() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new DetectFunction(PriceTable.defaults(), IDLE),
        b -> b.functionKey,
        Types.STRING,
        ControlState.all());
  }

  private static ControlEvent bundle(String revision, Map<String, String> files) {
    return ParsedBundles.of(revision, files);
  }

  private static int stateEntries(KeyedBroadcastOperatorTestHarness<String, ?, ?, ?> h) {
    var backend = h.getOperator().getKeyedStateBackend();
    return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
  }

  private static void send(
      KeyedBroadcastOperatorTestHarness<String, MetricBucket, ControlEvent, Finding> h,
      MetricBucket b)
      throws Exception {
    h.processElement(new StreamRecord<>(b, b.bucketEnd - 1));
  }

  @Test
  void manifestBudgetsDriveBudgetBurn() throws Exception {
    try (var h = harness()) {
      h.processBroadcastElement(new StreamRecord<>(bundle("v1", Map.of("m.yaml", MANIFEST)), 0));
      long m = 0;
      // $0.004/minute: ~$173/month, under the $250 budget.
      for (; m < 120; m++) send(h, bucket("checkout-api", m, 100, 0, 0.004));
      assertThat(h.extractOutputValues()).isEmpty();
      // $0.012/minute: ~$500/month.
      for (; m < 360; m++) send(h, bucket("checkout-api", m, 100, 0, 0.012));
      // The step also triples cost per invocation (COST_SPIKE); only the budget matters here.
      List<Finding> out =
          h.extractOutputValues().stream().filter(f -> f.type.equals("BUDGET_BURN")).toList();
      assertThat(out).isNotEmpty();
      Finding open = out.get(0);
      assertThat(open.type).isEqualTo("BUDGET_BURN");
      assertThat(open.status).isEqualTo("OPEN");
      assertThat(open.expected).isEqualTo(250.0);
      assertThat(open.explanation).contains("vs budget $250", "checkout-api-cost");
    }
  }

  @Test
  void noBudgetNoBudgetBurnAndNoBudgetState() throws Exception {
    try (var h = harness()) {
      for (long m = 0; m < 240; m++) send(h, bucket("other", m, 100, 0, 0.05));
      assertThat(h.extractOutputValues()).isEmpty();
      assertThat(stateEntries(h)).isEqualTo(3); // baseline, last bucket, idle timer
    }
  }

  @Test
  void policyThresholdsApplyPerFunction() throws Exception {
    try (var h = harness()) {
      h.processBroadcastElement(
          new StreamRecord<>(bundle("v1", Map.of("p.yaml", QUIET_ERRORS)), 0));
      for (long m = 0; m < 60; m++) {
        send(h, bucket("batch-a", m, 100, 0, 0.0001));
        send(h, bucket("api-a", m, 100, 0, 0.0001));
      }
      for (long m = 60; m < 63; m++) {
        send(h, bucket("batch-a", m, 100, 60, 0.0001));
        send(h, bucket("api-a", m, 100, 60, 0.0001));
      }
      assertThat(h.extractOutputValues())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.functionName).isEqualTo("api-a");
                assertThat(f.type).isEqualTo("ERROR_STORM");
              });
    }
  }

  static String manifest(String fn, String tags) {
    return "apiVersion: x/v1\nkind: LambdaFunction\nspec:\n  functionName: "
        + fn
        + "\n  memorySize: 512\n  tags: "
        + tags
        + "\n";
  }

  @Test
  void tagSelectorsMatchOnManifestTagsAndFindingsCarryThem() throws Exception {
    // The tolerant policy selects by tag only: team=batch, any function name.
    String byTag = QUIET_ERRORS.replace("functions: [\"batch-*\"]", "tags: {team: batch}");
    try (var h = harness()) {
      h.processBroadcastElement(
          new StreamRecord<>(
              bundle(
                  "v1",
                  Map.of(
                      "p.yaml", byTag,
                      "a.yaml", manifest("nightly", "{team: batch}"),
                      "b.yaml", manifest("orders", "{team: shop, \"cost.center\": \"42\"}"))),
              0));
      for (long m = 0; m < 60; m++) {
        send(h, bucket("nightly", m, 100, 0, 0.0001));
        send(h, bucket("orders", m, 100, 0, 0.0001));
      }
      for (long m = 60; m < 63; m++) {
        send(h, bucket("nightly", m, 100, 60, 0.0001));
        send(h, bucket("orders", m, 100, 60, 0.0001));
      }
      // Same error storm on both: only the function whose tags the policy selects is tolerated.
      Finding f =
          h.extractOutputValues().stream()
              .filter(x -> x.type.equals("ERROR_STORM"))
              .collect(java.util.stream.Collectors.toList())
              .get(0);
      assertThat(h.extractOutputValues()).extracting(x -> x.functionName).containsOnly("orders");
      assertThat(FunctionTag.toMap(f.tags))
          .containsExactly(Map.entry("cost.center", "42"), Map.entry("team", "shop"));
    }
  }

  /** As the function lookup leaves a bucket: the Lambda API's tags and configuration. */
  static MetricBucket fromApi(MetricBucket b, Map<String, String> tags, boolean vpc) {
    b.tags = FunctionTag.of(tags);
    b.config =
        FunctionConfig.of(
            1024,
            30,
            "python3.12",
            "arm64",
            vpc ? List.of("subnet-1") : List.of(),
            vpc ? List.of("sg-1") : List.of(),
            FunctionConfig.FROM_LAMBDA_API);
    return b;
  }

  @Test
  void lambdaApiTagsOnBucketsSelectPoliciesAndFindingsCarryTagsAndConfiguration() throws Exception {
    String byTag = QUIET_ERRORS.replace("functions: [\"batch-*\"]", "tags: {team: batch}");
    try (var h = harness()) {
      // No manifest tags for 'nightly' and 'orders': their tags come from the Lambda API only.
      // 'orders' has a manifest with a timeout and a runtime the API overrides.
      h.processBroadcastElement(
          new StreamRecord<>(
              bundle(
                  "v1",
                  Map.of(
                      "p.yaml",
                      byTag,
                      "b.yaml",
                      "apiVersion: x/v1\nkind: LambdaFunction\nspec:\n  functionName: orders\n"
                          + "  memorySize: 512\n  timeout: 9\n  runtime: python3.11\n"
                          + "  tags: {owner: ana}\n")),
              0));
      for (long m = 0; m < 63; m++) {
        long errors = m < 60 ? 0 : 60;
        send(h, fromApi(bucket("nightly", m, 100, errors, 0.0001), Map.of("team", "batch"), true));
        // The lookup missed this bucket of 'orders' (rate limit): its last API facts still count.
        MetricBucket orders = bucket("orders", m, 100, errors, 0.0001);
        if (m != 61) fromApi(orders, Map.of("team", "shop", "vigil:protected", "true"), false);
        send(h, orders);
      }
      List<Finding> out = h.extractOutputValues();
      // Same error storm on both: the API's team=batch tag put 'nightly' under the tolerant policy.
      assertThat(out).extracting(x -> x.functionName).containsOnly("orders");
      Finding f = out.stream().filter(x -> x.type.equals("ERROR_STORM")).findFirst().orElseThrow();
      // Manifest tags over the API's; the API's protection is kept.
      assertThat(FunctionTag.toMap(f.tags))
          .isEqualTo(Map.of("owner", "ana", "team", "shop", "vigil:protected", "true"));
      // The API's configuration wins field by field; both sources named.
      assertThat(f.config.memorySizeMb).isEqualTo(1024);
      assertThat(f.config.timeoutSeconds).isEqualTo(30);
      assertThat(f.config.runtime).isEqualTo("python3.12");
      assertThat(f.config.architecture).isEqualTo("arm64");
      assertThat(f.config.vpc).isFalse();
      assertThat(f.config.source).isEqualTo("lambda-api+manifest");
      assertThat(out).allSatisfy(x -> assertThat(x.config).isEqualTo(f.config));
      // Downstream, the API's protection keeps planning at NOTIFY.
      assertThat(new ActionPlanner().plan(f)).extracting(a -> a.type).containsOnly("NOTIFY");

      // The function goes quiet: the RESOLVED finding from the idle timer carries the same facts.
      h.processBroadcastWatermark(Long.MAX_VALUE); // the policy source never holds time back
      h.processWatermark(T0 + 63 * MINUTE + IDLE + 1);
      Finding resolved = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
      assertThat(resolved.status).isEqualTo("RESOLVED");
      assertThat(FunctionTag.toMap(resolved.tags)).containsEntry("vigil:protected", "true");
      assertThat(resolved.config).isEqualTo(f.config);
    }
  }

  @Test
  void withoutPoliciesFindingsCarryTheApiTagsAndConfiguration() throws Exception {
    try (var h = harness()) { // no policy bundle: the defaults apply
      for (long m = 0; m < 63; m++) {
        MetricBucket b =
            fromApi(bucket("vault", m, 100, m < 60 ? 0 : 60, 0.0001), Map.of("team", "x"), true);
        send(h, b);
      }
      assertThat(h.extractOutputValues())
          .isNotEmpty()
          .allSatisfy(
              f -> {
                assertThat(FunctionTag.toMap(f.tags)).isEqualTo(Map.of("team", "x"));
                assertThat(f.config.vpc).isTrue();
                assertThat(f.config.subnetIds).containsExactly("subnet-1");
                assertThat(f.config.source).isEqualTo("lambda-api");
              });
    }
  }

  @Test
  void budgetTotalsOutliveAnIdleSpellAndGoAtMonthEnd() throws Exception {
    try (var h = harness()) {
      h.processBroadcastElement(new StreamRecord<>(bundle("v1", Map.of("m.yaml", MANIFEST)), 0));
      send(h, bucket("checkout-api", 0, 100, 0, 0.004));
      h.processBroadcastWatermark(Long.MAX_VALUE); // the policy source never holds time back
      h.processWatermark(T0 + MINUTE + IDLE);
      assertThat(stateEntries(h)).isEqualTo(1); // budget-burn only
      h.processWatermark(Instant.parse("2025-12-01T00:00:00Z").toEpochMilli());
      assertThat(stateEntries(h)).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  private static MetricBucket timeouts(String fn, long minute, long timeouts) {
    MetricBucket b = bucket(fn, minute, 100, 0, 0.0001);
    b.timeouts = timeouts;
    b.durationMaxMs = 3000;
    return b;
  }

  @Test
  void aFalsePositiveSuppressesTheNextOpenOfThatTypeOnly() throws Exception {
    try (var h = harness()) {
      long m = 0;
      for (; m < 60; m++) {
        send(h, bucket("f", m, 100, 0, 0.0001));
        send(h, bucket("g", m, 100, 0, 0.0001));
      }
      h.processBroadcastElement(
          new StreamRecord<>(
              ControlEvent.of(
                  new Feedback(
                      "earlier-incident",
                      "f",
                      "ERROR_STORM",
                      Feedback.FALSE_POSITIVE,
                      "2025-12-01T00:00:00Z")),
              0));
      for (long end = m + 3; m < end; m++) {
        send(h, bucket("f", m, 100, 60, 0.0001)); // suppressed
        send(h, bucket("g", m, 100, 60, 0.0001)); // another function: reported
      }
      for (long end = m + 6; m < end; m++) send(h, bucket("f", m, 100, 0, 0.0001));
      for (long end = m + 3; m < end; m++) send(h, timeouts("f", m, 40)); // another type
      List<Finding> out = h.extractOutputValues();
      assertThat(out)
          .filteredOn(f -> f.status.equals("OPEN"))
          .extracting(f -> f.functionName + "/" + f.type)
          .containsExactlyInAnyOrder("g/ERROR_STORM", "f/TIMEOUT_STORM");
      assertThat(out).noneMatch(f -> f.functionName.equals("f") && f.type.equals("ERROR_STORM"));
      // Never lost: the suppressed OPEN (and its RESOLVED) are on the side output.
      assertThat(h.getSideOutput(OutputTags.SUPPRESSED_FINDINGS))
          .extracting(r -> r.getValue().type + "/" + r.getValue().status)
          .containsExactly("ERROR_STORM/OPEN", "ERROR_STORM/RESOLVED");
    }
  }

  @Test
  void confirmedVerdictsChangeNothing() throws Exception {
    try (var h = harness()) {
      long m = 0;
      for (; m < 60; m++) send(h, bucket("f", m, 100, 0, 0.0001));
      h.processBroadcastElement(
          new StreamRecord<>(
              ControlEvent.of(new Feedback("i-1", "f", "ERROR_STORM", Feedback.CONFIRMED, null)),
              0));
      for (long end = m + 3; m < end; m++) send(h, bucket("f", m, 100, 60, 0.0001));
      assertThat(h.extractOutputValues())
          .singleElement()
          .satisfies(f -> assertThat(f.type).isEqualTo("ERROR_STORM"));
      assertThat(h.getSideOutput(OutputTags.SUPPRESSED_FINDINGS)).isNullOrEmpty();
    }
  }

  @Test
  void afterTheSuppressionTheTypeIsDesensitised() {
    FeedbackIndex index = new FeedbackIndex();
    Feedback fp = new Feedback("i-1", "f", "INVOCATION_SPIKE", Feedback.FALSE_POSITIVE, null);
    fp.untilMs = 1000;
    index.add(fp);
    assertThat(index.suppresses("f", "INVOCATION_SPIKE", "i-2", 999)).isTrue();
    assertThat(index.suppresses("f", "INVOCATION_SPIKE", "i-2", 1000)).isFalse();
    assertThat(index.suppresses("f", "INVOCATION_SPIKE", "i-1", 5000)).isTrue();
    assertThat(index.suppresses("f", "ERROR_STORM", "i-3", 0)).isFalse();
    // A z-score detector scores 0.5 at zThreshold; the floor is its score at zThreshold x 1.5.
    assertThat(index.scoreFloor("f", "INVOCATION_SPIKE"))
        .isCloseTo(1 - Math.pow(2, -1.5), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(index.scoreFloor("f", "ERROR_STORM")).isZero();
    assertThat(index.scoreFloor("g", "INVOCATION_SPIKE")).isZero();
  }
}
