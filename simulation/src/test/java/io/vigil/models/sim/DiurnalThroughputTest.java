package io.vigil.models.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiurnalThroughputTest {
  @Test
  void peakHourHasMoreThanTwiceTheTroughInvocations() {
    // 24 h of an incident-free fleet; count requests per hour from the billing rows
    FleetSimulator sim =
        new FleetSimulator(
            new SimulationConfig().functions(12).minutes(24 * 60 + 1), Scenario.empty());
    long[] perHour = new long[24];
    long records = 0, bytes = 0;
    long t0 = System.nanoTime();
    while (sim.hasNext()) {
      for (RawRecord r : sim.nextMinute()) {
        records++;
        bytes += r.data.length;
        if (r.streamKind() != StreamKind.BILLING) continue;
        int hour = (int) ((r.eventTimestamp / 3_600_000L) % 24);
        for (String row : new String(r.data, UTF_8).split("\n")) {
          String[] c = row.split(",");
          if (row.contains("Request,") || row.contains("Request-ARM,")) {
            perHour[hour] += Long.parseLong(c[8]);
          } else if (row.contains(",Requests,Requests,")) perHour[hour] += Long.parseLong(c[10]);
        }
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        "diurnal: %d records, %.1f MB, %.0f records/s, requests per hour %s%n",
        records, bytes / 1e6, records / secs, java.util.Arrays.toString(perHour));
    long peak = perHour[14] + perHour[15] + perHour[16];
    long trough = perHour[2] + perHour[3] + perHour[4];
    assertThat(peak).isGreaterThan(2 * trough);
    assertThat(trough).isPositive();
  }

  @Test
  void printsGenerationThroughput() {
    // demo load: 50 functions around the daily peak; no timing assertion, only a log line
    FleetSimulator sim =
        new FleetSimulator(
            new SimulationConfig().start(java.time.Instant.parse("2025-11-20T14:00:00Z")));
    for (int i = 0; i < 5; i++) sim.nextMinute(); // warm-up
    long records = 0, invocations = 0;
    int minutes = 60;
    long t0 = System.nanoTime();
    for (int i = 0; i < minutes; i++) {
      List<RawRecord> rs = sim.nextMinute();
      records += rs.size();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    for (var f : sim.fleet().functions()) invocations += (long) f.peakInvocationsPerMinute;
    System.out.printf(
        "throughput: %d fleet minutes in %.2f s = %.1f fleet-min/s, %.0f records/s,"
            + " ~%.0f invocations/s (peak rate %d/min)%n",
        minutes, secs, minutes / secs, records / secs, invocations * minutes / secs, invocations);
    assertThat(records).isPositive();
  }
}
