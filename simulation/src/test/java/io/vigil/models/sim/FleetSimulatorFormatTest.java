package io.vigil.models.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Determinism, record metadata and byte-level format versus the shared samples. */
class FleetSimulatorFormatTest {
  static List<List<RawRecord>> minutes;

  @BeforeAll
  static void simulate() {
    minutes = run(42, 30);
  }

  static List<List<RawRecord>> run(long seed, int n) {
    FleetSimulator sim =
        new FleetSimulator(
            new SimulationConfig()
                .seed(seed)
                .start(java.time.Instant.parse("2025-11-20T12:00:00Z")));
    List<List<RawRecord>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(sim.nextMinute());
    return out;
  }

  static String resource(String name) {
    try (InputStream in = FleetSimulatorFormatTest.class.getResourceAsStream("/samples/" + name)) {
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  static Set<String> fieldNames(JsonNode n) {
    Set<String> s = new HashSet<>();
    n.fieldNames().forEachRemaining(s::add);
    return s;
  }

  @Test
  void sameSeedSameBytesDifferentSeedDiffers() {
    List<List<RawRecord>> again = run(42, 30);
    assertThat(again).isEqualTo(minutes); // RawRecord.equals compares data bytes
    List<List<RawRecord>> other = run(7, 3);
    assertThat(other.get(0)).isNotEqualTo(minutes.get(0));
  }

  @Test
  void recordMetadataIsConsistent() {
    Map<String, Long> lastSeq = new HashMap<>();
    long minuteStart = java.time.Instant.parse("2025-11-20T12:00:00Z").toEpochMilli();
    for (List<RawRecord> minute : minutes) {
      long prevTs = Long.MIN_VALUE;
      assertThat(minute).isNotEmpty();
      for (RawRecord r : minute) {
        assertThat(r.eventTimestamp).isGreaterThanOrEqualTo(prevTs);
        prevTs = r.eventTimestamp;
        assertThat(r.shardId).isIn("shardId-000000000000", "shardId-000000000001");
        assertThat(r.sequenceNumber).matches("\\d{56}");
        long seq = Long.parseLong(r.sequenceNumber.substring(30));
        Long prev = lastSeq.put(r.stream, seq);
        if (prev != null) assertThat(seq).isGreaterThan(prev);
        assertThat(r.arrivalTimestamp).isGreaterThan(r.eventTimestamp);
        assertThat(r.partitionKey).isNotBlank();
        if (r.streamKind() == StreamKind.FLOW_LOGS) {
          assertThat(r.partitionKey).matches("eni-[0-9a-f]{17}");
          assertThat(r.eventTimestamp).isEqualTo(minuteStart);
        }
      }
      minuteStart += 60_000;
    }
  }

  @Test
  void lambdaEnvelopesMatchTheSamples() {
    JsonNode textSample = SimDecoding.json(resource("lambda-envelope.json"));
    JsonNode jsonSample = SimDecoding.json(resource("lambda-envelope-jsonformat.json"));
    // the test regexes accept the samples' own lines
    assertThat(
            SimDecoding.REPORT.matcher(textSample.get("logEvents").get(3).get("message").asText()))
        .matches();
    assertThat(
            SimDecoding.REPORT.matcher(textSample.get("logEvents").get(7).get("message").asText()))
        .matches();
    Set<String> envFields = fieldNames(textSample);
    Set<String> eventFields = fieldNames(textSample.get("logEvents").get(0));
    JsonNode sampleStart =
        SimDecoding.json(jsonSample.get("logEvents").get(0).get("message").asText());
    JsonNode sampleReport =
        SimDecoding.json(jsonSample.get("logEvents").get(2).get("message").asText());

    int text = 0, json = 0, reports = 0, cold = 0;
    for (List<RawRecord> minute : minutes) {
      for (RawRecord r : minute) {
        if (r.streamKind() != StreamKind.LAMBDA_LOGS) continue;
        assertThat(r.data[0] & 0xff).isEqualTo(0x1f);
        JsonNode env = SimDecoding.json(SimDecoding.gunzip(r.data));
        assertThat(fieldNames(env)).isEqualTo(envFields);
        assertThat(env.get("messageType").asText()).isEqualTo("DATA_MESSAGE");
        assertThat(env.get("owner").asText()).matches("\\d{12}");
        assertThat(env.get("logGroup").asText()).isEqualTo("/aws/lambda/" + r.partitionKey);
        assertThat(env.get("logStream").asText())
            .matches("\\d{4}/\\d{2}/\\d{2}/\\[(\\$LATEST|\\d+)\\][0-9a-f]{32}");
        assertThat(env.get("subscriptionFilters").toString())
            .matches("\\[\"vigil-lambda-(us-east-1|us-west-2|eu-west-1)\"\\]");
        JsonNode events = env.get("logEvents");
        assertThat(events.size()).isBetween(1, 200);
        assertThat(events.get(0).get("timestamp").asLong()).isEqualTo(r.eventTimestamp);
        for (JsonNode e : events) {
          assertThat(fieldNames(e)).isEqualTo(eventFields);
          assertThat(e.get("id").asText()).matches("\\d{56}");
          String m = e.get("message").asText();
          if (m.startsWith("{")) {
            json++;
            JsonNode j = SimDecoding.json(m);
            if (j.path("type").asText().equals("platform.start")) {
              assertThat(fieldNames(j)).isEqualTo(fieldNames(sampleStart));
              assertThat(fieldNames(j.get("record")))
                  .isEqualTo(fieldNames(sampleStart.get("record")));
            } else if (j.path("type").asText().equals("platform.report")) {
              assertThat(fieldNames(j)).isEqualTo(fieldNames(sampleReport));
              Set<String> metrics = fieldNames(j.get("record").get("metrics"));
              Set<String> expected = fieldNames(sampleReport.get("record").get("metrics"));
              if (!metrics.contains("initDurationMs")) expected.remove("initDurationMs");
              assertThat(metrics).isEqualTo(expected);
            }
          } else {
            text++;
            if (m.startsWith("REPORT")) {
              reports++;
              assertThat(SimDecoding.REPORT.matcher(m)).as(m).matches();
              if (m.contains("Init Duration")) cold++;
            } else if (m.startsWith("START")) {
              assertThat(SimDecoding.START.matcher(m)).as(m).matches();
            } else if (m.startsWith("END")) {
              assertThat(m).matches("END RequestId: [0-9a-f-]{36}\n");
            } else if (m.contains("Task timed out")) {
              assertThat(m)
                  .matches(
                      "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z [0-9a-f-]{36} Task timed out"
                          + " after \\d+\\.00 seconds\n\n");
            } else {
              assertThat(m)
                  .matches(
                      "(\\[ERROR\\]\t)?\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\t[0-9a-f-]{36}\t.*\n");
            }
          }
        }
      }
    }
    assertThat(text).isGreaterThan(1000);
    assertThat(json).isGreaterThan(100);
    assertThat(reports).isGreaterThan(1000);
    assertThat(cold).isPositive();
  }

  @Test
  void flowLogsAreV2LinesRawOrInEnvelopes() {
    for (String line : resource("vpc-flow-v2.txt").split("\n")) SimDecoding.flow(line);
    int raw = 0, wrapped = 0;
    SimDecoding.Batch batch = new SimDecoding.Batch();
    for (List<RawRecord> minute : minutes) {
      for (RawRecord r : minute) {
        if (r.streamKind() != StreamKind.FLOW_LOGS) continue;
        if ((r.data[0] & 0xff) == 0x1f) {
          wrapped++;
          JsonNode env = SimDecoding.json(SimDecoding.gunzip(r.data));
          assertThat(env.get("logGroup").asText()).isEqualTo("vpc-flow-logs");
          assertThat(env.get("logStream").asText()).startsWith(r.partitionKey);
        } else {
          raw++;
          assertThat(new String(r.data, UTF_8)).doesNotEndWith("\n");
        }
        batch.add(r);
      }
    }
    assertThat(raw).isPositive();
    assertThat(wrapped).isPositive();
    assertThat(batch.flows).allMatch(f -> f.start() % 60 == 0);
    assertThat(batch.flows.stream().filter(f -> f.status().equals("OK"))).isNotEmpty();
    // at night idle ENIs report NODATA
    FleetSimulator night = new FleetSimulator(new SimulationConfig());
    SimDecoding.Batch nightFlows = new SimDecoding.Batch();
    for (int i = 0; i < 10; i++) {
      for (RawRecord r : night.nextMinute())
        if (r.streamKind() == StreamKind.FLOW_LOGS) nightFlows.add(r);
    }
    assertThat(nightFlows.flows).anyMatch(f -> f.status().equals("NODATA") && f.src() == null);
    Map<String, String> eni = night.eniToFunction();
    assertThat(batch.flows).allMatch(f -> eni.containsKey(f.eni()));
  }

  @Test
  void billingHeadersMatchTheSamples() {
    FleetSimulator sim = new FleetSimulator(new SimulationConfig().minutes(61));
    List<RawRecord> billing = new ArrayList<>();
    while (sim.hasNext()) {
      for (RawRecord r : sim.nextMinute()) if (r.streamKind() == StreamKind.BILLING) billing.add(r);
    }
    assertThat(sim.hasNext()).isFalse();
    String curHeader = resource("cur2-lambda.csv").lines().findFirst().orElseThrow();
    String focusHeader = resource("focus-lambda.csv").lines().findFirst().orElseThrow();
    int cur = 0, focus = 0;
    for (RawRecord r : billing) {
      String header = new String(r.data, UTF_8).lines().findFirst().orElseThrow();
      assertThat(header).isIn(curHeader, focusHeader);
      if (header.equals(curHeader)) cur++;
      else focus++;
      assertThat(r.eventTimestamp).isEqualTo(SimulationConfig.DEFAULT_START.toEpochMilli());
    }
    assertThat(cur).isPositive();
    assertThat(focus).isPositive();
  }

  @Test
  void corruptionMakesBadGzipAndTruncatedReports() {
    FleetSimulator sim = new FleetSimulator(new SimulationConfig()).corruptEvery(20);
    int bad = 0, truncated = 0, lambda = 0;
    for (int i = 0; i < 5; i++) {
      for (RawRecord r : sim.nextMinute()) {
        if (r.streamKind() != StreamKind.LAMBDA_LOGS) continue;
        lambda++;
        String text;
        try {
          text = SimDecoding.gunzip(r.data);
        } catch (RuntimeException e) {
          bad++;
          continue;
        }
        for (Iterator<JsonNode> it = SimDecoding.json(text).get("logEvents").elements();
            it.hasNext(); ) {
          String m = it.next().get("message").asText();
          if (m.matches("REPORT RequestId: \\S+\tDuration: \\d{1,2}")
              || m.matches("\\{.*\"durationMs\":\\d{1,2}")) truncated++;
        }
      }
    }
    assertThat(bad).isBetween(lambda / 20 - 1, lambda / 20 + 1);
    assertThat(truncated).isPositive();
    assertThatThrownBy(() -> sim.corruptEvery(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
