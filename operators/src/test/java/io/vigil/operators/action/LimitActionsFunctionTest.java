package io.vigil.operators.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.action.RemediationAction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class LimitActionsFunctionTest {
  static final long H = LimitActionsFunction.HOUR_MS;
  static final String RULE = "spikes/INVOCATION_SPIKE/THROTTLE";

  static PlannedAction limited(String id, long t) {
    return planned(RULE, 2, id, "api-" + id, t);
  }

  static PlannedAction planned(String rule, int max, String id, String fn, long t) {
    RemediationAction a = new RemediationAction();
    a.id = id;
    a.type = "THROTTLE";
    a.mode = "ENFORCE";
    a.functionName = fn;
    a.createdAt = t;
    return new PlannedAction(rule, max, a);
  }

  static KeyedOneInputStreamOperatorTestHarness<String, PlannedAction, RemediationAction> harness()
      throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, PlannedAction, RemediationAction> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new LimitActionsFunction()),
            new PlannedAction.Key(),
            org.apache.flink.api.common.typeinfo.Types.STRING);
    h.open();
    return h;
  }

  static List<String> ids(List<RemediationAction> out) {
    return out.stream().map(a -> a.id).toList();
  }

  static List<String> suppressedIds(
      KeyedOneInputStreamOperatorTestHarness<String, PlannedAction, RemediationAction> h) {
    List<String> ids = new ArrayList<>();
    var side = h.getSideOutput(LimitActionsFunction.SUPPRESSED);
    if (side != null) side.forEach(r -> ids.add(r.getValue().action.id));
    return ids;
  }

  /** Feeds the actions in the given order, then a watermark past all of them. */
  static List<List<String>> run(List<PlannedAction> in) throws Exception {
    try (var h = harness()) {
      for (PlannedAction p : in) h.processElement(new StreamRecord<>(p, p.action.createdAt));
      h.processWatermark(10 * H);
      return List.of(ids(h.extractOutputValues()), suppressedIds(h));
    }
  }

  @Test
  void atMostMaxPerHourPerRuleInSlidingEventTimeHour() throws Exception {
    List<List<String>> r =
        run(
            List.of(
                limited("a", 1_000),
                limited("b", 2_000),
                limited("c", 3_000), // third within the hour: suppressed
                limited("d", H + 1_000), // a has left the window (t - 1 h, t]
                limited("e", H + 1_500), // a gone, b and d inside: suppressed
                planned("", 0, "u", "web", 2_500))); // no rule: never limited
    assertThat(r.get(0)).containsExactlyInAnyOrder("a", "b", "d", "u");
    assertThat(r.get(1)).containsExactly("c", "e");
  }

  @Test
  void replayInAnotherArrivalOrderSuppressesTheSameActions() throws Exception {
    List<PlannedAction> in =
        List.of(
            limited("a", 1_000),
            limited("b", 1_000),
            limited("c", 1_000),
            limited("d", 5_000),
            limited("e", 5_000));
    List<PlannedAction> shuffled = new ArrayList<>(in);
    Collections.reverse(shuffled);
    List<List<String>> first = run(in);
    List<List<String>> second = run(shuffled);
    assertThat(first.get(0)).containsExactly("a", "b");
    assertThat(first.get(1)).containsExactly("c", "d", "e");
    assertThat(second).isEqualTo(first);
  }

  @Test
  void actionsWaitForTheWatermarkAndStateIsClearedAfterAnHour() throws Exception {
    try (var h = harness()) {
      h.processElement(new StreamRecord<>(limited("a", 1_000), 1_000));
      assertThat(h.extractOutputValues()).isEmpty(); // held until the watermark passes 1 s
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);
      h.processWatermark(1_000);
      assertThat(ids(h.extractOutputValues())).containsExactly("a");
      // pending is empty, the admitted time stays for its hour
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
      h.processWatermark(1_000 + H);
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void lateActionsAreDecidedAtOnceAndStillCounted() throws Exception {
    try (var h = harness()) {
      h.processWatermark(5_000);
      h.processElement(new StreamRecord<>(limited("a", 1_000), 1_000));
      h.processElement(new StreamRecord<>(limited("b", 2_000), 2_000));
      h.processElement(new StreamRecord<>(limited("c", 3_000), 3_000));
      assertThat(ids(h.extractOutputValues())).containsExactly("a", "b");
      assertThat(suppressedIds(h)).containsExactly("c");
    }
  }
}
