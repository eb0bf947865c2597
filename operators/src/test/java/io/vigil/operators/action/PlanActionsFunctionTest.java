package io.vigil.operators.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.action.RemediationAction;
import io.vigil.models.finding.Finding;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class PlanActionsFunctionTest {
  @Test
  void plansActionsForOpenedIncidents() throws Exception {
    try (var harness =
        new OneInputStreamOperatorTestHarness<Finding, RemediationAction>(
            new StreamFlatMap<>(new PlanActionsFunction()))) {
      harness.open();
      Finding f = new Finding();
      f.id = "f";
      f.incidentId = "i";
      f.type = "RECURSIVE_LOOP";
      f.status = "OPEN";
      f.functionName = "loop";
      f.accountId = "1";
      f.region = "us-east-1";
      harness.processElement(new StreamRecord<>(f, 1));
      f.status = "UPDATE";
      harness.processElement(new StreamRecord<>(f, 2));
      assertThat(harness.extractOutputValues())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.type).isEqualTo("QUARANTINE");
                assertThat(a.mode).isEqualTo("DRY_RUN");
              });
    }
  }
}
