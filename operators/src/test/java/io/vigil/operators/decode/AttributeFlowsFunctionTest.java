package io.vigil.operators.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.FlowRecord;
import io.vigil.models.event.TelemetryEvent;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class AttributeFlowsFunctionTest {
  private static final String ACCOUNT = "123456789012";

  @Test
  void anArnPutsTheFlowsUnderTheFunctionsOwnRegion() throws Exception {
    List<TelemetryEvent> out =
        attribute(
            Map.of(
                "eni-a",
                "arn:aws:lambda:eu-west-1:" + ACCOUNT + ":function:pricing-cron",
                "eni-b",
                "checkout"),
            flow("eni-a", "us-east-1"),
            flow("eni-b", "us-west-2"),
            flow("eni-c", "us-east-1"));
    assertThat(out)
        .extracting(e -> e.key)
        .containsExactly(
            ACCOUNT + "/eu-west-1/pricing-cron", // the ARN's region, not the default one
            ACCOUNT + "/us-west-2/checkout", // a bare name keeps the region the line had
            ACCOUNT + "/us-east-1/eni-c"); // unknown ENI: still profiled, under its ENI
    assertThat(out.get(0).flow.region).isEqualTo("eu-west-1");
  }

  private static FlowRecord flow(String eni, String region) {
    FlowRecord f = new FlowRecord();
    f.accountId = ACCOUNT;
    f.interfaceId = eni;
    f.region = region;
    f.start = 1_700_000_000L;
    f.end = f.start + 60;
    f.bytes = 100;
    f.packets = 1;
    return f;
  }

  private static List<TelemetryEvent> attribute(Map<String, String> map, FlowRecord... flows)
      throws Exception {
    try (var harness =
        new OneInputStreamOperatorTestHarness<TelemetryEvent, TelemetryEvent>(
            new StreamMap<>(new AttributeFlowsFunction(map)))) {
      harness.open();
      for (FlowRecord f : flows) harness.processElement(new StreamRecord<>(TelemetryEvent.of(f)));
      return harness.extractOutputValues();
    }
  }
}
