package io.vigil.models.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.Invocation;
import io.vigil.models.finding.MetricBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InvocationRunTest {
  private final PriceTable prices = PriceTable.defaults();

  private static List<Invocation> invocations(Random random, int n) {
    List<Invocation> out = new ArrayList<>();
    String[] statuses = {
      null, "SUCCESS", "SUCCESS", "ERROR", "TIMEOUT", "OUT_OF_MEMORY", "THROTTLED"
    };
    for (int k = 0; k < n; k++) {
      Invocation i = new Invocation();
      i.accountId = "111122223333";
      i.region = random.nextBoolean() ? "us-east-1" : "eu-west-1";
      i.architecture = random.nextInt(4) == 0 ? "arm64" : "x86_64";
      i.functionName = "f";
      i.timestamp = k;
      i.durationMs = random.nextInt(3) == 0 ? 0.004 : random.nextDouble() * 2_000;
      i.billedDurationMs = Math.ceil(i.durationMs);
      i.memorySizeMb = random.nextInt(10) == 0 ? 0 : 128 << random.nextInt(4);
      i.maxMemoryUsedMb = random.nextInt(5) == 0 ? 0 : random.nextInt(1_000);
      i.coldStart = random.nextInt(8) == 0;
      i.selfInvocation = random.nextInt(6) == 0;
      i.status = statuses[random.nextInt(statuses.length)];
      out.add(i);
    }
    return out;
  }

  @Test
  void runsCutAnywhereGiveTheBucketThatAddingEachInvocationGives() {
    Random random = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      List<Invocation> all = invocations(random, 1 + random.nextInt(400));
      BucketAccumulator each = new BucketAccumulator("a/r/f", 0, 60_000);
      for (Invocation i : all) each.add(i, prices);

      BucketAccumulator runs = new BucketAccumulator("a/r/f", 0, 60_000);
      InvocationRun run = new InvocationRun(0);
      for (Invocation i : all) {
        run.add(i, i.timestamp, prices);
        if (random.nextInt(30) == 0) { // cut here; the run crosses a shuffle as bytes
          runs.add(InvocationRun.fromBytes(run.toBytes()));
          run = new InvocationRun(0);
        }
      }
      runs.add(InvocationRun.fromBytes(run.toBytes()));

      MetricBucket expected = each.toBucket();
      assertThat(expected.selfInvocations).isPositive();
      assertThat(runs.toBucket()).usingRecursiveComparison().isEqualTo(expected);
      // Bit for bit: the sums are added in the same order, not pre-summed per run.
      assertThat(Double.doubleToLongBits(runs.gbSeconds))
          .isEqualTo(Double.doubleToLongBits(each.gbSeconds));
      assertThat(Double.doubleToLongBits(runs.estimatedCostUsd))
          .isEqualTo(Double.doubleToLongBits(each.estimatedCostUsd));
    }
  }

  @Test
  void aRunKnowsItsEventsAndNewestTime() {
    InvocationRun run = new InvocationRun(0);
    List<Invocation> all = invocations(new Random(3), 40);
    long throttled = all.stream().filter(i -> "THROTTLED".equals(i.status)).count();
    for (Invocation i : all) run.add(i, 1_000 - i.timestamp, prices);
    InvocationRun back = InvocationRun.fromBytes(run.toBytes());
    assertThat(back.events()).isEqualTo(40);
    assertThat(back.newest).isEqualTo(1_000);
    assertThat(throttled).isPositive();
  }

  @Test
  void aRunInTheFormBeforeSelfInvocationsStillReads() {
    InvocationRun run = new InvocationRun(0);
    for (Invocation i : invocations(new Random(5), 30)) run.add(i, i.timestamp, prices);
    byte[] bytes = run.toBytes();
    // The earlier form ended before the trailing count (a run in flight across the upgrade).
    byte[] before = java.util.Arrays.copyOf(bytes, bytes.length - Long.BYTES);
    InvocationRun back = InvocationRun.fromBytes(before);
    assertThat(back.selfInvocations).isZero();
    assertThat(back.invocations).isEqualTo(run.invocations);
    assertThat(InvocationRun.fromBytes(bytes).selfInvocations).isEqualTo(run.selfInvocations);
    assertThat(run.selfInvocations).isPositive();
  }
}
