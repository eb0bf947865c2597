package io.vigil.operators.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class ParsePoliciesFunctionTest {
  static final String GOOD =
      """
      apiVersion: vigil.io/v1
      kind: Policy
      metadata: {name: spikes}
      spec:
        selector: {functions: ["api-*"]}
        actions:
          - {finding: INVOCATION_SPIKE, action: THROTTLE, mode: approval, reservedConcurrency: 20, expiry: 30m}
      """;

  @Test
  void validBundlesPassParsedAndInvalidOnesAreRejectedWholeWithTheirReport() throws Exception {
    try (OneInputStreamOperatorTestHarness<PolicyBundle, ControlEvent> h =
        ProcessFunctionTestHarnesses.forProcessFunction(new ParsePoliciesFunction())) {
      h.processElement(new StreamRecord<>(new PolicyBundle("v1", Map.of("p.yaml", GOOD)), 1));
      // v2: one good file plus one broken file -> nothing of v2 goes on.
      h.processElement(
          new StreamRecord<>(
              new PolicyBundle("v2", Map.of("p.yaml", GOOD, "q.yaml", "kind: Policy\n")), 2));

      assertThat(h.extractOutputValues())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.feedback).isNull();
                assertThat(c.policies.revision).isEqualTo("v1");
                assertThat(c.policies.files).containsOnlyKeys("p.yaml");
                assertThat(c.policies.set.policies())
                    .singleElement()
                    .satisfies(p -> assertThat(p.name()).isEqualTo("spikes"));
              });
      assertThat(h.getSideOutput(ParsePoliciesFunction.REJECTED))
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.getValue())
                      .startsWith("policy bundle v2 rejected")
                      .contains("q.yaml:1:1: field 'apiVersion': is required"));
    }
  }
}
