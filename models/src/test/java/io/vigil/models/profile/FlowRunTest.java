package io.vigil.models.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.FlowRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowRunTest {
  private static List<FlowRecord> flows(Random random, int n, int destinationPool) {
    List<FlowRecord> out = new ArrayList<>();
    int[] ports = {-1, 22, 80, 443, 3333, 4444, 5432, 14444, 45000};
    for (int k = 0; k < n; k++) {
      FlowRecord f = new FlowRecord();
      f.srcAddr = "10.0.0." + random.nextInt(4);
      f.dstAddr =
          random.nextInt(20) == 0
              ? null
              : random.nextInt(4) == 0
                  ? "10.0.1." + random.nextInt(9)
                  : "52.1." + random.nextInt(destinationPool) / 250 + "." + random.nextInt(250);
      f.dstPort = ports[random.nextInt(ports.length)];
      f.flowDirection = random.nextInt(3) == 0 ? null : random.nextBoolean() ? "egress" : "ingress";
      f.logStatus = random.nextInt(12) == 0 ? "NODATA" : "OK";
      f.action = random.nextInt(5) == 0 ? "REJECT" : "ACCEPT";
      f.bytes = random.nextInt(10) == 0 ? -1 : 100L * random.nextInt(50); // ties for the top
      f.packets = random.nextInt(10) == 0 ? -1 : random.nextInt(100);
      out.add(f);
    }
    return out;
  }

  @Test
  void runsCutAnywhereGiveTheBucketAndKnownDestinationsThatAddingEachFlowGives() {
    Random random = new Random(11);
    for (int trial = 0; trial < 60; trial++) {
      // A pool large enough to fill the filter, so false positives make the order matter.
      List<FlowRecord> all = flows(random, 1 + random.nextInt(3_000), 200 + random.nextInt(4_000));
      BloomSet eachKnown = new BloomSet();
      BucketAccumulator each = new BucketAccumulator("a/r/f", 0, 60_000);
      for (FlowRecord f : all) each.add(f, eachKnown);

      BloomSet runsKnown = new BloomSet();
      BucketAccumulator runs = new BucketAccumulator("a/r/f", 0, 60_000);
      FlowRun run = new FlowRun(0);
      for (FlowRecord f : all) {
        run.add(f, 0);
        if (random.nextInt(40) == 0) { // cut here; the run crosses a shuffle as bytes
          runs.add(FlowRun.fromBytes(run.toBytes()), runsKnown);
          run = new FlowRun(0);
        }
      }
      runs.add(FlowRun.fromBytes(run.toBytes()), runsKnown);

      assertThat(runs.toBucket()).usingRecursiveComparison().isEqualTo(each.toBucket());
      assertThat(runsKnown.words()).isEqualTo(eachKnown.words());
    }
  }

  @Test
  void aRunCountsEveryEventAndKnowsItsNewestTime() {
    FlowRun run = new FlowRun(60_000);
    List<FlowRecord> all = flows(new Random(5), 50, 100);
    long withoutTraffic = all.stream().filter(f -> !f.hasTraffic()).count();
    for (int k = 0; k < all.size(); k++) run.add(all.get(k), 60_000 + 1_000 - k);
    FlowRun back = FlowRun.fromBytes(run.toBytes());
    assertThat(back.bucketStart).isEqualTo(60_000);
    assertThat(back.events).isEqualTo(50);
    assertThat(back.flows).isEqualTo(50 - withoutTraffic);
    assertThat(back.newest).isEqualTo(61_000);
    assertThat(withoutTraffic).isPositive();
  }
}
