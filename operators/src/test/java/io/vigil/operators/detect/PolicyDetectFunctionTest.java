package io.vigil.operators.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.operators.action.PolicyActionsFunction;
import io.vigil.operators.action.PolicyBundle;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class PolicyDetectFunctionTest {
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
            minErrors: 1000
      """;

  private static MetricBucket bucket(String fn, long minute, long inv, long errors, double cost) {
    MetricBucket b = new MetricBucket();
    b.functionKey = "111122223333/us-east-1/" + fn;
    b.accountId = "111122223333";
    b.region = "us-east-1";
    b.functionName = fn;
    b.bucketStart = T0 + minute * MINUTE;
    b.bucketEnd = b.bucketStart + MINUTE;
    b.invocations = inv;
    b.errors = errors;
    b.durationP50Ms = 100;
    b.memorySizeMb = 512;
    b.maxMemoryUsedMb = 400;
    b.estimatedCostUsd = cost;
    return b;
  }

  private static KeyedBroadcastOperatorTestHarness<String, MetricBucket, PolicyBundle, Finding>
      harness() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new PolicyDetectFunction(PriceTable.defaults(), IDLE),
        b -> b.functionKey,
        Types.STRING,
        PolicyActionsFunction.POLICY_FILES);
  }

  private static int stateEntries(KeyedBroadcastOperatorTestHarness<String, ?, ?, ?> h) {
    var backend = h.getOperator().getKeyedStateBackend();
    return ((HeapKeyedStateBackend<?>) backend).numKeyValueStateEntries();
  }

  private static void send(
      KeyedBroadcastOperatorTestHarness<String, MetricBucket, PolicyBundle, Finding> h,
      MetricBucket b)
      throws Exception {
    h.processElement(new StreamRecord<>(b, b.bucketEnd - 1));
  }

  @Test
  void manifestBudgetsDriveBudgetBurn() throws Exception {
    try (var h = harness()) {
      h.processBroadcastElement(
          new StreamRecord<>(new PolicyBundle("v1", Map.of("m.yaml", MANIFEST)), 0));
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
      assertThat(stateEntries(h)).isEqualTo(2); // baseline, last bucket
    }
  }

  @Test
  void policyThresholdsApplyPerFunctionAndInvalidBundlesAreIgnored() throws Exception {
    try (var h = harness()) {
      h.processBroadcastElement(
          new StreamRecord<>(new PolicyBundle("v1", Map.of("p.yaml", QUIET_ERRORS)), 0));
      // v2 is broken as a whole: v1 stays in force.
      h.processBroadcastElement(
          new StreamRecord<>(
              new PolicyBundle("v2", Map.of("p.yaml", QUIET_ERRORS, "q.yaml", "kind: Policy\n")),
              0));
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

  @Test
  void budgetTotalsOutliveAnIdleSpellAndGoAtMonthEnd() throws Exception {
    try (var h = harness()) {
      h.processBroadcastElement(
          new StreamRecord<>(new PolicyBundle("v1", Map.of("m.yaml", MANIFEST)), 0));
      send(h, bucket("checkout-api", 0, 100, 0, 0.004));
      h.processBroadcastWatermark(Long.MAX_VALUE); // the policy source never holds time back
      h.processWatermark(T0 + MINUTE + IDLE);
      assertThat(stateEntries(h)).isEqualTo(1); // budget-burn only
      h.processWatermark(Instant.parse("2025-12-01T00:00:00Z").toEpochMilli());
      assertThat(stateEntries(h)).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }
}
