package io.vigil.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.cli.eval.LabelledScore.Outcome;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.FindingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelledScoreTest {
  private static final long MIN = 60_000L;
  private static final long T0 = 1_700_000_000_000L;

  private static Finding open(String fn, FindingType type, long windowEndMin) {
    Finding f = new Finding();
    f.functionName = fn;
    f.type = type.name();
    f.status = "OPEN";
    f.detector = "test";
    f.severity = "HIGH";
    f.windowEnd = T0 + windowEndMin * MIN;
    f.windowStart = f.windowEnd - MIN;
    f.explanation = "x";
    return f;
  }

  private static Label label(String fn, FindingType type, long startMin, long endMin) {
    return new Label("1", type, fn, T0 + startMin * MIN, T0 + endMin * MIN, 2.0);
  }

  @Test
  void foundWithinTwoMinutesBeforeToTenAfterAndTimesTheDetection() {
    Label l = label("a", FindingType.ERROR_STORM, 100, 120);
    LabelledScore s =
        LabelledScore.score(List.of(open("a", FindingType.ERROR_STORM, 103)), List.of(l), 10, MIN);
    assertThat(s.verdicts.get(0).outcome()).isEqualTo(Outcome.FOUND);
    assertThat(s.verdicts.get(0).detectMs()).isEqualTo(3 * MIN);
    assertThat(s.falseAlarms).isEmpty();

    s = LabelledScore.score(List.of(open("a", FindingType.ERROR_STORM, 98)), List.of(l), 10, MIN);
    assertThat(s.verdicts.get(0).outcome()).isEqualTo(Outcome.FOUND);
    assertThat(s.verdicts.get(0).detectMs()).isZero();
    s = LabelledScore.score(List.of(open("a", FindingType.ERROR_STORM, 130)), List.of(l), 10, MIN);
    assertThat(s.verdicts.get(0).outcome()).isEqualTo(Outcome.FOUND);
  }

  @Test
  void wrongTypeLateAndOtherFunctionAreNotFound() {
    Label l = label("a", FindingType.ERROR_STORM, 100, 120);
    LabelledScore wrong =
        LabelledScore.score(
            List.of(open("a", FindingType.TIMEOUT_STORM, 105)), List.of(l), 10, MIN);
    assertThat(wrong.verdicts.get(0).outcome()).isEqualTo(Outcome.WRONG_TYPE);
    assertThat(wrong.falseAlarms).isEmpty(); // near a labelled incident: not a false alarm

    LabelledScore late =
        LabelledScore.score(List.of(open("a", FindingType.ERROR_STORM, 131)), List.of(l), 10, MIN);
    assertThat(late.verdicts.get(0).outcome()).isEqualTo(Outcome.LATE);

    LabelledScore early =
        LabelledScore.score(List.of(open("a", FindingType.ERROR_STORM, 97)), List.of(l), 10, MIN);
    assertThat(early.verdicts.get(0).outcome()).isEqualTo(Outcome.MISSED);

    LabelledScore elsewhere =
        LabelledScore.score(List.of(open("b", FindingType.ERROR_STORM, 105)), List.of(l), 10, MIN);
    assertThat(elsewhere.verdicts.get(0).outcome()).isEqualTo(Outcome.MISSED);
    assertThat(elsewhere.falseAlarms).hasSize(1);
  }

  @Test
  void falseAlarmOnlyBeyondThirtyMinutesOfAnyLabelOnTheFunction() {
    Label l = label("a", FindingType.ERROR_STORM, 100, 120);
    List<Finding> fs =
        List.of(
            open("a", FindingType.PORT_SCAN, 71), // 29 min before start: explained
            open("a", FindingType.PORT_SCAN, 69), // 31 min before: false alarm
            open("a", FindingType.PORT_SCAN, 151)); // 31 min after end: false alarm
    LabelledScore s = LabelledScore.score(fs, List.of(l), 2000, MIN);
    assertThat(s.falseAlarms).hasSize(2);
    assertThat(s.falseAlarmsPer1000FunctionHours()).isEqualTo(1.0);
    assertThat(s.openAnomalies).isEqualTo(3);
  }

  @Test
  void recommendationsAreCountedApartNeverFalseAlarms() {
    Label l = label("a", FindingType.MEMORY_OVERPROVISIONED, 0, 600);
    List<Finding> fs =
        List.of(
            open("a", FindingType.MEMORY_OVERPROVISIONED, 130),
            open("b", FindingType.MEMORY_OVERPROVISIONED, 130),
            open("c", FindingType.TIMEOUT_MISCONFIGURED, 130));
    LabelledScore s = LabelledScore.score(fs, List.of(l), 10, MIN);
    assertThat(s.verdicts.get(0).outcome()).isEqualTo(Outcome.FOUND);
    assertThat(s.recommendations).isEqualTo(3);
    assertThat(s.falseAlarms).isEmpty();
    assertThat(s.openAnomalies).isZero();
  }

  @Test
  void updatesAndResolutionsDoNotCount() {
    Finding upd = open("b", FindingType.ERROR_STORM, 10);
    upd.status = "UPDATE";
    LabelledScore s = LabelledScore.score(List.of(upd), List.of(), 10, MIN);
    assertThat(s.falseAlarms).isEmpty();
  }

  @Test
  void recallByTypeAndQuantiles() {
    List<Label> ls =
        List.of(
            label("a", FindingType.ERROR_STORM, 100, 120),
            label("b", FindingType.ERROR_STORM, 100, 120),
            label("c", FindingType.INVOCATION_SPIKE, 100, 120));
    List<Finding> fs =
        List.of(
            open("a", FindingType.ERROR_STORM, 101), open("c", FindingType.INVOCATION_SPIKE, 104));
    LabelledScore s = LabelledScore.score(fs, ls, 10, MIN);
    assertThat(s.recallByType().get(FindingType.ERROR_STORM)).containsExactly(1, 2);
    assertThat(s.recallByType().get(FindingType.INVOCATION_SPIKE)).containsExactly(1, 1);
    assertThat(s.detectBucketsQuantile(0.5, LabelledScore.DetectGroup.ANOMALIES)).isEqualTo(2.5);
    assertThat(s.summary()).contains("recall 66.7% (2/3");
  }

  @Test
  void loopsAndRightSizingHaveTimeToDetectFiguresOfTheirOwn() {
    List<Label> ls =
        List.of(
            label("a", FindingType.ERROR_STORM, 100, 120),
            label("b", FindingType.RECURSIVE_LOOP, 100, 120),
            label("c", FindingType.MEMORY_OVERPROVISIONED, 100, 400));
    List<Finding> fs =
        List.of(
            open("a", FindingType.ERROR_STORM, 101),
            open("b", FindingType.RECURSIVE_LOOP, 106),
            open("c", FindingType.MEMORY_OVERPROVISIONED, 160));
    LabelledScore s = LabelledScore.score(fs, ls, 10, MIN);
    assertThat(s.detectBucketsQuantile(0.5, LabelledScore.DetectGroup.ANOMALIES)).isEqualTo(1);
    assertThat(s.detectBucketsQuantile(0.5, LabelledScore.DetectGroup.LOOPS)).isEqualTo(6);
    assertThat(s.detectBucketsQuantile(0.5, LabelledScore.DetectGroup.RIGHT_SIZING)).isEqualTo(60);
    assertThat(s.summary())
        .contains("median 1.0 p90 1.0; recursive loops median 6.0; right-sizing median 60.0");
  }

  @Test
  void labelsFileRoundTripsAndRejectsBadInput() {
    List<Label> ls = List.of(label("fn-1", FindingType.PORT_SCAN, 5, 9));
    List<Label> back = Label.parse(Label.toJson(ls), "t");
    assertThat(back).hasSize(1);
    assertThat(back.get(0).type()).isEqualTo(FindingType.PORT_SCAN);
    assertThat(back.get(0).startMs()).isEqualTo(T0 + 5 * MIN);
    assertThat(
            Label.parse(
                    "{\"incidents\":[{\"id\":\"x\",\"type\":\"error_storm\",\"function\":\"f\","
                        + "\"start_ms\":1,\"end_ms\":2,\"note\":\"ignored\"}]}",
                    "t")
                .get(0)
                .magnitude())
        .isNaN();
    assertThatThrownBy(
            () ->
                Label.parse(
                    "{\"incidents\":[{\"type\":\"nope\",\"function\":\"f\",\"start_ms\":1,"
                        + "\"end_ms\":2}]}",
                    "t"))
        .hasMessageContaining("unknown incident type 'nope'");
    assertThatThrownBy(() -> Label.parse("{\"x\":1}", "t")).hasMessageContaining("incidents");
  }

  @Test
  void sensitivityIsTheSmallestMagnitudeAboveWhich95PercentAreFound() {
    List<LabelledScore.Verdict> vs = new java.util.ArrayList<>();
    for (int m = 1; m <= 40; m++) {
      Label l = new Label("" + m, FindingType.PORT_SCAN, "f", 0, 1, m);
      boolean found = m > 10 || m == 3;
      vs.add(
          new LabelledScore.Verdict(
              l, found ? Outcome.FOUND : Outcome.MISSED, found ? 0 : Double.NaN, null));
    }
    // 30 of 30 found at >= 11; adding 10 (missed) gives 30/31 = 96.8%; 9 gives 30/32 = 93.8%.
    assertThat(Sensitivity.magnitudeFor95(vs)).isEqualTo(10.0);
  }
}
