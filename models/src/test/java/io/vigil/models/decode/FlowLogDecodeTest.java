package io.vigil.models.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.Json;
import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.StreamKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowLogDecodeTest {
  private final RecordDecoder decoder = new RecordDecoder();

  private DecodeResult decode(byte[] data) {
    return decoder.decode(Samples.record(StreamKind.FLOW_LOGS, data));
  }

  private static List<FlowRecord> flows(DecodeResult r) {
    return r.events.stream().map(e -> e.flow).toList();
  }

  @Test
  void v2DefaultFormatRaw() {
    DecodeResult r = decode(Samples.bytes("vpc-flow-v2.txt"));
    assertV2(r);
  }

  @Test
  void v2DefaultFormatGzip() {
    assertV2(decode(Samples.gzip(Samples.bytes("vpc-flow-v2.txt"))));
  }

  @Test
  void v2InsideCloudWatchLogsEnvelope() {
    List<Map<String, Object>> events = new ArrayList<>();
    int n = 0;
    for (String line : Samples.text("vpc-flow-v2.txt").split("\n")) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", String.valueOf(++n));
      e.put("timestamp", 1763640000000L);
      e.put("message", line);
      events.add(e);
    }
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("messageType", "DATA_MESSAGE");
    env.put("owner", "210987654321");
    env.put("logGroup", "vpc-flow-logs");
    env.put("logStream", "eni-04a1b2c3d4e5f6a70-all");
    env.put("subscriptionFilters", List.of("vigil-flow"));
    env.put("logEvents", events);
    assertV2(decode(Samples.gzip(Json.write(env))));
  }

  private static void assertV2(DecodeResult r) {
    assertThat(r.failures).isEmpty();
    assertThat(r.skippedLines).isEqualTo(1); // NODATA
    List<FlowRecord> f = flows(r);
    assertThat(f).hasSize(3);
    FlowRecord first = f.get(0);
    assertThat(first.version).isEqualTo(2);
    assertThat(first.accountId).isEqualTo("210987654321");
    assertThat(first.interfaceId).isEqualTo("eni-04a1b2c3d4e5f6a70");
    assertThat(first.srcAddr).isEqualTo("10.20.1.57");
    assertThat(first.dstAddr).isEqualTo("203.0.113.40");
    assertThat(first.srcPort).isEqualTo(51724);
    assertThat(first.dstPort).isEqualTo(443);
    assertThat(first.protocol).isEqualTo(6);
    assertThat(first.packets).isEqualTo(14);
    assertThat(first.bytes).isEqualTo(5210);
    assertThat(first.start).isEqualTo(1763640000L);
    assertThat(first.end).isEqualTo(1763640060L);
    assertThat(first.action).isEqualTo("ACCEPT");
    assertThat(first.logStatus).isEqualTo("OK");
    assertThat(first.region).isEqualTo("us-east-1");
    assertThat(first.functionName).isNull();
    assertThat(first.extraFields).isNull();
    assertThat(first.flowDirection).isNull();

    FlowRecord mining = f.get(1);
    assertThat(mining.dstPort).isEqualTo(3333);
    assertThat(mining.dstAddr).isEqualTo("198.51.100.9");
    assertThat(mining.packets).isEqualTo(220);
    assertThat(mining.bytes).isEqualTo(918400);

    FlowRecord ssh = f.get(2);
    assertThat(ssh.rejected()).isTrue();
    assertThat(ssh.dstPort).isEqualTo(22);
    assertThat(ssh.srcAddr).isEqualTo("192.0.2.77");

    assertThat(r.events.get(0).key).isEqualTo("210987654321/us-east-1/eni-04a1b2c3d4e5f6a70");
    assertThat(r.events.get(0).timestamp).isEqualTo(1763640000000L);
  }

  @Test
  void v5CustomFormatWithHeader() {
    DecodeResult r = decode(Samples.bytes("vpc-flow-v5-custom.txt"));
    assertThat(r.failures).isEmpty();
    assertThat(r.skippedLines).isEqualTo(1); // header
    FlowRecord f = flows(r).get(0);
    assertThat(flows(r)).hasSize(1);
    assertThat(f.version).isEqualTo(5);
    assertThat(f.dstAddr).isEqualTo("52.94.133.131");
    assertThat(f.bytes).isEqualTo(18230);
    assertThat(f.vpcId).isEqualTo("vpc-0a1b2c3d");
    assertThat(f.subnetId).isEqualTo("subnet-0d4c3b2a");
    assertThat(f.region).isEqualTo("us-east-1");
    assertThat(f.flowDirection).isEqualTo("egress");
    assertThat(f.pktSrcAwsService).isNull();
    assertThat(f.pktDstAwsService).isEqualTo("DYNAMODB");
    assertThat(f.extraFields)
        .isEqualTo(
            "tcp-flags=3 type=IPv4 pkt-srcaddr=10.20.1.57 pkt-dstaddr=52.94.133.131"
                + " az-id=use1-az4 traffic-path=7");
    assertThat(f.extraFields.split(" ")).contains("traffic-path=7");
  }

  @Test
  void regionFieldWinsOverDefaultAndOwnerFillsMissingAccount() {
    DecoderConfig cfg = new DecoderConfig();
    cfg.defaultRegion = "eu-west-1";
    cfg.flowLogFields =
        List.of("interface-id", "srcaddr", "dstaddr", "dstport", "bytes", "start", "end", "region");
    DecodeResult out = new DecodeResult();
    new FlowLogParser(cfg)
        .parseLines(
            List.of(
                "eni-1 10.0.0.1 10.0.0.2 443 100 1763640000 1763640060 us-west-2",
                "eni-1 10.0.0.1 10.0.0.2 443 100 1763640000 1763640060 -"),
            "111122223333",
            out);
    assertThat(out.failures).isEmpty();
    assertThat(flows(out)).extracting(f -> f.region).containsExactly("us-west-2", "eu-west-1");
    assertThat(flows(out)).extracting(f -> f.accountId).containsOnly("111122223333");
    assertThat(flows(out).get(0).srcPort).isEqualTo(-1);
  }

  @Test
  void badLinesAreFailuresGoodLinesKept() {
    String text =
        Samples.text("vpc-flow-v2.txt")
            + "2 210987654321 eni-1 10.0.0.1 10.0.0.2 1 2 6 x 40 1763640000 1763640060 ACCEPT OK\n"
            + "2 210987654321 eni-1 10.0.0.1\n"
            + "\n";
    DecodeResult r = decode(text.getBytes(StandardCharsets.UTF_8));
    assertThat(r.events).hasSize(3);
    assertThat(r.failures)
        .extracting(DecodeFailure::reason)
        .containsExactly("bad-flow-line", "bad-flow-line");
    assertThat(r.failures.get(0).detail()).contains("packets").contains("eni-1");
    assertThat(r.failures.get(1).detail()).contains("expected 14 fields, found 4");
  }

  @Test
  void skipDataIsSkipped() {
    DecodeResult r =
        decode(
            "2 210987654321 eni-1 - - - - - - - 1763640000 1763640060 - SKIPDATA"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.events).isEmpty();
    assertThat(r.failures).isEmpty();
    assertThat(r.skippedLines).isEqualTo(1);
  }

  @Test
  void cutValuesAndCutHeadersFailOnTheirLine() {
    String good =
        "2 210987654321 eni-1 10.0.0.1 10.0.0.2 1 2 6 3 40 1763640000 1763640060 ACCEPT OK";
    String text =
        String.join(
            "\n",
            good.replace(" OK", " O"), // log-status cut
            good.replace("ACCEPT", "ACC"), // action mangled
            good.replace("10.0.0.2", "10.0.0.x"), // address mangled
            good,
            "version account-id interface-id srcad"); // header cut inside a name
    DecodeResult r = decode(text.getBytes(StandardCharsets.UTF_8));
    assertThat(r.events).hasSize(1);
    assertThat(r.failures).extracting(DecodeFailure::line).containsExactly(0, 1, 2, 4);
    assertThat(r.failures)
        .extracting(DecodeFailure::detail)
        .satisfiesExactly(
            d -> assertThat(d).contains("log-status"),
            d -> assertThat(d).contains("action"),
            d -> assertThat(d).contains("dstaddr"),
            d -> assertThat(d).contains("unknown field srcad"));
  }
}
