package io.vigil.operators.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.Finding;
import io.vigil.operators.control.ControlEvent;
import io.vigil.operators.control.ControlState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Planning with nothing on the control broadcast, as in a job without a policy folder. */
class PlanActionsFunctionTest {
  @Test
  void plansDryRunActionsForOpenedIncidentsWithoutAnyRule() throws Exception {
    try (BroadcastOperatorTestHarness<Finding, ControlEvent, PlannedAction> harness =
        ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
            new PlanActionsFunction(), ControlState.POLICY_FILES)) {
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
              p -> {
                assertThat(p.limited()).isFalse();
                assertThat(p.action.type).isEqualTo("QUARANTINE");
                assertThat(p.action.mode).isEqualTo("DRY_RUN");
              });
    }
  }
}
