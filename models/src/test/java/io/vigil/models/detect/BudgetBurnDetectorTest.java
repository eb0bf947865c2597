package io.vigil.models.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.finding.MetricBuckets;
import io.vigil.models.policy.BudgetRule;
import io.vigil.models.settings.DetectorSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BudgetBurnDetectorTest {
  private static final long MINUTE = 60_000;
  private static final long MONTH_START = Instant.parse("2025-11-01T00:00:00Z").toEpochMilli();
  private static final BudgetRule COST =
      new BudgetRule("f-cost", "costUsd", 250, "month", "manifest f.yaml");
  private static final BudgetRule INVOCATIONS =
      new BudgetRule("f-invocations", "invocations", 2_000_000, "month", "manifest f.yaml");

  private final BudgetBurnDetector detector = new BudgetBurnDetector(new DetectorSettings());

  private static MetricBucket bucket(long start, long invocations, double costUsd) {
    MetricBucket b = MetricBuckets.bucket("111122223333/us-east-1/f", start);
    b.invocations = invocations;
    b.estimatedCostUsd = costUsd;
    return b;
  }

  /** Feeds {@code minutes} one-minute buckets from {@code from}; returns every signal. */
  private List<Signal> feed(
      BudgetState s, long from, int minutes, long inv, double cost, List<BudgetRule> budgets) {
    List<Signal> out = new ArrayList<>();
    for (int i = 0; i < minutes; i++) {
      out.addAll(detector.evaluate(bucket(from + i * MINUTE, inv, cost), s, budgets));
    }
    return out;
  }

  @Test
  void underBudgetStaysQuiet() {
    BudgetState s = new BudgetState();
    // $0.004/minute = $0.24/hour = ~$173 over 30 days: under $250.
    assertThat(feed(s, MONTH_START, 6 * 60, 40, 0.004, List.of(COST, INVOCATIONS))).isEmpty();
    assertThat(s.costUsd).isCloseTo(6 * 60 * 0.004, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void aCostStepThatProjectsOverBudgetFires() {
    BudgetState s = new BudgetState();
    long t = MONTH_START + 3 * 24 * 60 * MINUTE;
    assertThat(feed(s, t, 120, 40, 0.004, List.of(COST))).isEmpty();
    // Step to $0.012/minute ($0.72/hour): ~$500 by the end of the month.
    List<Signal> after = feed(s, t + 120 * MINUTE, 240, 40, 0.012, List.of(COST));
    assertThat(after).isNotEmpty();
    Signal last = after.get(after.size() - 1);
    assertThat(last.type()).isEqualTo(FindingType.BUDGET_BURN);
    assertThat(last.observed()).isGreaterThan(250);
    assertThat(last.expected()).isEqualTo(250);
    assertThat(last.unit()).isEqualTo("USD/month");
    assertThat(last.explanation())
        .startsWith("projected $")
        .contains("vs budget $250")
        .contains("month-to-date $")
        .contains("/hour now");
  }

  @Test
  void invocationBudgetsProjectInvocations() {
    BudgetState s = new BudgetState();
    // 100/minute = 4.32M per 30 days, over the 2M budget; the cost budget is not at risk.
    List<Signal> out = feed(s, MONTH_START, 60, 100, 0.0001, List.of(COST, INVOCATIONS));
    assertThat(out)
        .isNotEmpty()
        .allSatisfy(x -> assertThat(x.unit()).isEqualTo("invocations/month"));
  }

  @Test
  void noBudgetNoFinding() {
    BudgetState s = new BudgetState();
    assertThat(feed(s, MONTH_START, 120, 10_000, 5, List.of())).isEmpty();
  }

  @Test
  void monthRolloverResetsTheTotals() {
    BudgetState s = new BudgetState();
    long lateOctober = MONTH_START - 60 * MINUTE;
    feed(s, lateOctober, 60, 40, 0.004, List.of(COST));
    assertThat(s.monthStart).isEqualTo(BudgetBurnDetector.monthStart(lateOctober));
    assertThat(s.costUsd).isGreaterThan(0.2);
    feed(s, MONTH_START, 2, 40, 0.004, List.of(COST));
    assertThat(s.monthStart).isEqualTo(MONTH_START);
    assertThat(s.costUsd).isCloseTo(0.008, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(s.invocations).isEqualTo(80);
    assertThat(BudgetBurnDetector.expired(s, MONTH_START + MINUTE)).isFalse();
    assertThat(BudgetBurnDetector.expired(s, Instant.parse("2025-12-01T00:00:00Z").toEpochMilli()))
        .isTrue();
  }

  @Test
  void daysBeforeTheFunctionWasSeenAreEstimatedAtTheCurrentRate() {
    BudgetState s = new BudgetState();
    long day20 = MONTH_START + 19 * 24 * 60 * MINUTE;
    // $0.008/minute: $115 over the 10 days left, ~$345 over the month.
    List<Signal> out = feed(s, day20, 60, 40, 0.008, List.of(COST));
    assertThat(out).isNotEmpty();
    assertThat(out.get(out.size() - 1).explanation()).contains("estimated for the 19.0 days");
  }
}
