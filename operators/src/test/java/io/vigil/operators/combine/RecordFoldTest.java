package io.vigil.operators.combine;

import static io.vigil.operators.combine.ProfileCombinerTest.billing;
import static io.vigil.operators.combine.ProfileCombinerTest.flow;
import static io.vigil.operators.combine.ProfileCombinerTest.invocation;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.event.Invocation;
import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.profile.InvocationRun;
import io.vigil.models.profile.PriceTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A record's invocations grouped per function and bucket where the combiner's runs would be. */
class RecordFoldTest {
  private static final long MINUTE = 60_000;
  private final RecordFold fold = new RecordFold(MINUTE, PriceTable.defaults());

  /** Each event as function, first time and the times of its followers. */
  private static List<String> shape(TelemetryEvent[] events) {
    List<String> out = new ArrayList<>();
    for (TelemetryEvent e : events) {
      String kind = e.invocation != null ? "inv" : e.flow != null ? "flow" : "bill";
      StringBuilder s = new StringBuilder(kind + " " + e.key.substring(e.key.lastIndexOf('/') + 1));
      s.append(" ").append(e.timestamp);
      if (e.followers != null) for (Invocation i : e.followers) s.append(",").append(i.timestamp);
      out.add(s.toString());
    }
    return out;
  }

  @Test
  void aFunctionsInvocationsOfOneBucketBecomeOneEventWhereTheFirstWas() {
    TelemetryEvent[] out =
        fold.apply(
            new TelemetryEvent[] {
              invocation("a", 1_000),
              invocation("b", 2_000),
              flow("a", 2_500, "10.1.1.1"),
              invocation("a", 3_000),
              invocation("b", 4_000),
              invocation("a", 5_000)
            });
    assertThat(shape(out))
        .containsExactly("inv a 1000,3000,5000", "inv b 2000,4000", "flow a 2500");
  }

  @Test
  void aNewBucketOrABillingRowOfTheFunctionStartsANewGroup() {
    TelemetryEvent[] out =
        fold.apply(
            new TelemetryEvent[] {
              invocation("a", 1_000),
              invocation("a", MINUTE + 1),
              invocation("a", 2_000), // back in the first bucket: the combiner starts a run too
              billing("b", 2_100), // another function's row ends nothing of a
              invocation("a", 2_200),
              billing("a", 2_300),
              invocation("a", 2_400),
              invocation("a", 2_500)
            });
    assertThat(shape(out))
        .containsExactly(
            "inv a 1000",
            "inv a 60001",
            "inv a 2000,2200",
            "bill b 2100",
            "bill a 2300",
            "inv a 2400,2500");
  }

  @Test
  void eachGroupCarriesTheRunItsInvocationsFoldTo() {
    TelemetryEvent[] in = {invocation("a", 1_000), invocation("a", 2_000), invocation("a", 3_000)};
    in[1].invocation.status = "THROTTLED";
    in[2].invocation.memorySizeMb = 512;
    InvocationRun expected = new InvocationRun(0);
    for (TelemetryEvent e : in) expected.add(e.invocation, e.timestamp, PriceTable.defaults());

    TelemetryEvent[] out = fold.apply(in);
    assertThat(out).hasSize(1);
    assertThat(out[0].invocationCount()).isEqualTo(3);
    InvocationRun run = (InvocationRun) out[0].folded;
    assertThat(run.bucketStart).isZero();
    assertThat(run.toBytes()).isEqualTo(expected.toBytes());
  }

  @Test
  void withNothingToJoinTheEventsStayAsTheyAreEachWithItsRun() {
    TelemetryEvent[] in = {
      invocation("a", 1_000), flow("a", 1_500, "10.1.1.1"), billing("a", 2_000)
    };
    TelemetryEvent[] out = fold.apply(in);
    assertThat(out).isSameAs(in);
    assertThat(out[0].followers).isNull();
    assertThat(((InvocationRun) out[0].folded).events()).isEqualTo(1);
    assertThat(out[1].folded).isNull();
    assertThat(out[2].folded).isNull();
  }

  @Test
  void anInvocationEventAtAnotherTimeThanItsInvocationIsLeftAlone() {
    TelemetryEvent moved = invocation("a", 2_000);
    moved.timestamp = 2_500;
    TelemetryEvent[] out =
        fold.apply(
            new TelemetryEvent[] {
              invocation("a", 1_000), moved, invocation("a", 3_000), invocation("a", 4_000)
            });
    // and nothing after it joins the group before it: the run keeps the invocations' order
    assertThat(shape(out)).containsExactly("inv a 1000", "inv a 2500", "inv a 3000,4000");
  }
}
