package io.vigil.models.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.profile.PriceTable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hourly billing rows equal the hour's simulated usage times the price table. */
class BillingTest {
  @Test
  void billingRowsEqualSimulatedUsageTimesPrice() {
    Instant start = Instant.parse("2025-11-20T12:00:00Z");
    FleetSimulator sim = new FleetSimulator(new SimulationConfig().start(start).minutes(61));
    SimDecoding.Batch logs = new SimDecoding.Batch();
    List<RawRecord> billing = null;
    for (int m = 0; m < 61; m++) {
      List<RawRecord> minute = sim.nextMinute();
      if (m < 60) {
        logs.add(minute.stream().filter(r -> r.streamKind() == StreamKind.LAMBDA_LOGS).toList());
        assertThat(minute).noneMatch(r -> r.streamKind() == StreamKind.BILLING);
      } else billing = minute.stream().filter(r -> r.streamKind() == StreamKind.BILLING).toList();
    }
    Map<String, long[]> requests = new HashMap<>();
    Map<String, double[]> gbs = new HashMap<>();
    for (SimDecoding.Report r : logs.reports) {
      requests.computeIfAbsent(r.function, k -> new long[1])[0]++;
      gbs.computeIfAbsent(r.function, k -> new double[1])[0] +=
          r.billedMs / 1000.0 * r.memoryMb / 1024.0;
    }
    assertThat(billing).hasSize(requests.size());
    int focus = 0;
    for (RawRecord r : billing) {
      FunctionSpec f = sim.fleet().byName(r.partitionKey);
      PriceTable.Rate price = BillingWriter.PRICES.rate(f.region, f.architecture);
      assertThat(r.eventTimestamp).isEqualTo(start.toEpochMilli());
      assertThat(r.arrivalTimestamp).isGreaterThanOrEqualTo(start.toEpochMilli() + 3_600_000);
      String[] lines = new String(r.data, UTF_8).split("\n");
      assertThat(lines).hasSize(3);
      boolean isFocus = f.accountId.equals(sim.focusAccount());
      for (int i = 1; i < lines.length; i++) {
        String[] c = lines[i].split(",");
        double amount, cost;
        boolean request;
        if (isFocus) {
          assertThat(c[1]).isEqualTo(f.accountId);
          assertThat(c[8]).isEqualTo(f.name);
          assertThat(c[2]).isEqualTo("2025-11-20T12:00:00Z");
          assertThat(c[3]).isEqualTo("2025-11-20T13:00:00Z");
          amount = Double.parseDouble(c[10]);
          cost = Double.parseDouble(c[15]);
          request = c[11].equals("Requests");
        } else {
          assertThat(c[1]).isEqualTo("2025-11-20T12:00:00Z/2025-11-20T13:00:00Z");
          assertThat(c[7]).isEqualTo(f.arn());
          String suffix = f.arm64() ? "-ARM" : "";
          request = c[5].contains("Request");
          String type = request ? "Request" : "Lambda-GB-Second";
          assertThat(c[5]).isEqualTo(BillingWriter.usagePrefix(f.region) + "-" + type + suffix);
          assertThat(c[9]).doesNotContain("E");
          assertThat(Double.parseDouble(c[9]))
              .isEqualTo(request ? price.request() : price.gbSecond());
          amount = Double.parseDouble(c[8]);
          cost = Double.parseDouble(c[10]);
        }
        if (request) {
          assertThat((long) amount).isEqualTo(requests.get(f.name)[0]);
          assertThat(cost).isCloseTo(amount * 0.0000002, within(1e-8));
        } else {
          assertThat(amount).isCloseTo(gbs.get(f.name)[0], within(1e-5));
          double rate = f.arm64() ? 0.0000133334 : 0.0000166667;
          assertThat(cost).isCloseTo(gbs.get(f.name)[0] * rate, within(1e-8));
        }
      }
      if (isFocus) focus++;
    }
    assertThat(focus).isPositive().isLessThan(billing.size());
  }
}
