package io.vigil.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.eval.LabelledScore.Outcome;
import io.vigil.cli.eval.LabelledScore.Verdict;
import io.vigil.cli.eval.OracleEvidence.Assessment;
import io.vigil.models.finding.FindingType;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectabilityTest {
  private static int n;

  private static Label label(FindingType t, double magnitude) {
    return new Label(Integer.toString(n++), t, "fn-" + n, 0, 60_000, magnitude);
  }

  private static Verdict verdict(Label l, Outcome o) {
    return new Verdict(l, o, o == Outcome.FOUND ? 0 : Double.NaN, o == Outcome.FOUND ? "d" : null);
  }

  @Test
  void countsDetectableAndFoundAmongThem() {
    Label strongFound = label(FindingType.ERROR_STORM, 0.3);
    Label strongMissed = label(FindingType.ERROR_STORM, 0.1);
    Label thinMissed = label(FindingType.ERROR_STORM, 0.006);
    Label thinFound = label(FindingType.ERROR_STORM, 0.01); // luck: found below h
    Label portScan = label(FindingType.PORT_SCAN, 5); // not assessed: detectable
    Label spikeAtH = label(FindingType.INVOCATION_SPIKE, 2); // exactly h: detectable
    List<Verdict> verdicts =
        List.of(
            verdict(strongFound, Outcome.FOUND),
            verdict(strongMissed, Outcome.MISSED),
            verdict(thinMissed, Outcome.MISSED),
            verdict(thinFound, Outcome.FOUND),
            verdict(portScan, Outcome.FOUND),
            new Verdict(spikeAtH, Outcome.WRONG_TYPE, Double.NaN, "RECURSIVE_LOOP"));
    List<Assessment> oracle =
        List.of(
            new Assessment(strongFound, 40),
            new Assessment(strongMissed, 20),
            new Assessment(thinMissed, 3),
            new Assessment(thinFound, 13.9),
            new Assessment(portScan, OracleEvidence.NOT_ASSESSED),
            new Assessment(spikeAtH, 14));
    Detectability d = new Detectability(verdicts, oracle, 14);

    assertThat(d.byType().get(FindingType.ERROR_STORM))
        .isEqualTo(new Detectability.Counts(4, 4, 2, 1));
    assertThat(d.byType().get(FindingType.PORT_SCAN))
        .isEqualTo(new Detectability.Counts(1, 0, 1, 1));
    assertThat(d.byType().get(FindingType.INVOCATION_SPIKE))
        .isEqualTo(new Detectability.Counts(1, 1, 1, 0));
    assertThat(d.total()).isEqualTo(new Detectability.Counts(6, 5, 4, 2));
    assertThat(d.undetectable()).extracting(Verdict::label).containsExactly(thinMissed, thinFound);
    assertThat(d.detectableMissed())
        .extracting(Verdict::label)
        .containsExactly(strongMissed, spikeAtH);

    String table = d.table();
    assertThat(table).contains("detectable recall 50.0% (2 found with the right type of 4");
    assertThat(table).contains("2 of 6 incidents below h");
    assertThat(table).contains("x0.006").contains("evidence   3.00  MISSED");
    assertThat(table).contains("(saw RECURSIVE_LOOP)");
  }

  @Test
  void aLabelWithoutAssessmentIsDetectable() {
    Label l = label(FindingType.TIMEOUT_STORM, 0.02);
    Detectability d = new Detectability(List.of(verdict(l, Outcome.MISSED)), List.of(), 14);
    assertThat(d.total()).isEqualTo(new Detectability.Counts(1, 0, 1, 0));
    assertThat(d.detectableMissed()).hasSize(1);
  }
}
