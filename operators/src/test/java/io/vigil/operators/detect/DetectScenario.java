package io.vigil.operators.detect;

import io.vigil.models.Json;
import io.vigil.models.finding.Feedback;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.operators.OutputTags;
import io.vigil.operators.control.ControlEvent;
import io.vigil.operators.control.ControlState;
import io.vigil.operators.control.ParsedBundles;
import io.vigil.testkit.domain.MetricBucketBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.contrib.streaming.state.EmbeddedRocksDBStateBackend;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;

/**
 * A crafted, seeded stream for the detect operator: six functions over eight hours across a month
 * end, with error storms opening and resolving incidents, quiet spells shorter and longer than the
 * idle timeout (idle resolution, functions coming back), a few out-of-order buckets, budgets from a
 * GitOps manifest (BUDGET_BURN, month-to-date totals outliving an idle spell, a month-end timer
 * firing while the function is active again), feedback (suppression, desensitising) and policy
 * updates that take the budgets away and bring them back. Also records a run as lines.
 */
final class DetectScenario {
  static final long MINUTE = 60_000;
  static final long IDLE = 30 * MINUTE;

  /** Four hours before a month end (budget totals go at 2025-12-01T00:00Z). */
  static final long T0 = Instant.parse("2025-11-30T20:00:00Z").toEpochMilli();

  static final String[] FUNCTIONS = {"checkout-api", "batch-a", "api-a", "f", "g", "h"};

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

  /** One input to the operator. */
  interface Step {
    void apply(Harness h) throws Exception;
  }

  /** The test harness of a detect operator. */
  static final class Harness
      extends KeyedBroadcastOperatorTestHarness<String, MetricBucket, ControlEvent, Finding> {
    Harness(CoBroadcastWithKeyedOperator<String, MetricBucket, ControlEvent, Finding> op)
        throws Exception {
      super(op, b -> b.functionKey, Types.STRING, 128, 1, 0);
    }
  }

  private DetectScenario() {}

  /** The detect function without any cache, run by Flink's own operator (as before the cache). */
  static Harness uncached(String backend) throws Exception {
    return harness(
        new CoBroadcastWithKeyedOperator<>(
            new DetectFunction(PriceTable.defaults(), IDLE), Arrays.asList(ControlState.all())),
        backend);
  }

  static Harness harness(
      CoBroadcastWithKeyedOperator<String, MetricBucket, ControlEvent, Finding> op, String backend)
      throws Exception {
    Harness h = new Harness(op);
    h.setStateBackend(stateBackend(backend));
    return h;
  }

  static StateBackend stateBackend(String name) {
    if (name.equals("hashmap")) return new HashMapStateBackend();
    return new EmbeddedRocksDBStateBackend(false)
        .configure(new Configuration(), DetectScenario.class.getClassLoader());
  }

  /** What a run emitted so far: findings, then suppressed findings, one JSON line each. */
  static List<String> emitted(Harness h) {
    List<String> lines = new ArrayList<>();
    for (Finding f : h.extractOutputValues()) lines.add("out " + Json.write(f));
    var suppressed = h.getSideOutput(OutputTags.SUPPRESSED_FINDINGS);
    if (suppressed != null) {
      for (StreamRecord<Finding> r : suppressed)
        lines.add("suppressed " + Json.write(r.getValue()));
    }
    return lines;
  }

  /** The run's steps; the first ends the control stream's hold on time, as a job does. */
  static List<Step> steps(long seed, int minutes) {
    Random random = new Random(seed);
    List<Step> steps = new ArrayList<>();
    steps.add(h -> h.processBroadcastWatermark(Long.MAX_VALUE));
    steps.add(control(ParsedBundles.of("v1", Map.of("m.yaml", MANIFEST, "p.yaml", QUIET_ERRORS))));
    long[] quietUntil = new long[FUNCTIONS.length];
    int[] stormLeft = new int[FUNCTIONS.length];
    quietUntil[0] = 0;
    for (int m = 0; m < minutes; m++) {
      if (m == 100) {
        steps.add(control(feedback("earlier", "f", "ERROR_STORM", "2025-12-02T00:00:00Z")));
        steps.add(control(feedback("i-g", "g", "INVOCATION_SPIKE", null)));
      }
      if (m == 200) steps.add(control(ParsedBundles.of("v2", Map.of("p.yaml", QUIET_ERRORS))));
      if (m == 300) steps.add(control(ParsedBundles.of("v3", Map.of("m.yaml", MANIFEST))));
      for (int i = 0; i < FUNCTIONS.length; i++) {
        // checkout-api: quiet for 80 minutes (idle-resolved, its budget timer set for the month
        // end), back before the month end, so that timer fires while it is active.
        if (i == 0 && m == 60) quietUntil[0] = 140;
        if (quietUntil[i] > m) continue;
        if (i > 0 && random.nextInt(120) == 0) quietUntil[i] = m + 5 + random.nextInt(60);
        if (stormLeft[i] == 0 && m > 50 && random.nextInt(70) == 0)
          stormLeft[i] = 2 + random.nextInt(5);
        long errors = stormLeft[i] > 0 ? 40 + random.nextInt(30) : random.nextInt(4) == 0 ? 1 : 0;
        if (stormLeft[i] > 0) stormLeft[i]--;
        long invocations = 100 + random.nextInt(10);
        if (m > 60 && random.nextInt(150) == 0) invocations *= 20;
        double cost = i == 0 ? (m < 150 ? 0.004 : 0.012) : invocations * 0.000002;
        MetricBucket b = bucket(FUNCTIONS[i], m, invocations, errors, cost);
        if (m > 60 && random.nextInt(200) == 0) b.timeouts = 40;
        steps.add(h -> send(h, b));
        if (m > 10 && random.nextInt(100) == 0) {
          MetricBucket late = bucket(FUNCTIONS[i], m - 1 - random.nextInt(5), invocations, 0, cost);
          steps.add(h -> send(h, late));
        }
      }
      long watermark = T0 + (m + 1) * MINUTE - 1;
      steps.add(h -> h.processWatermark(watermark));
    }
    steps.add(h -> h.processWatermark(Long.MAX_VALUE));
    return steps;
  }

  private static Step control(ControlEvent e) {
    return h -> h.processBroadcastElement(new StreamRecord<>(e, 0));
  }

  private static ControlEvent feedback(String incident, String fn, String type, String until) {
    return ControlEvent.of(new Feedback(incident, fn, type, Feedback.FALSE_POSITIVE, until));
  }

  static MetricBucket bucket(String fn, long minute, long inv, long errors, double cost) {
    return MetricBucketBuilder.bucket(key(fn), T0 + minute * MINUTE)
        .invocations(inv)
        .errors(errors)
        .durationP50Ms(100)
        .memoryMb(512, 400)
        .costUsd(cost)
        .build();
  }

  static String key(String fn) {
    return "111122223333/us-east-1/" + fn;
  }

  static void send(Harness h, MetricBucket b) throws Exception {
    h.processElement(new StreamRecord<>(b, b.bucketEnd - 1));
  }
}
