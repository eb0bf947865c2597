package io.vigil.models.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * When a log baseline learns a bucket: at once while cold, {@link LogShift#GUARD} later once warm.
 */
class LogShiftTest {
  private static final double H = 14;
  private static final double DECAY = 0.995;

  /** A baseline that has learnt 100 buckets of mean 0, weight 3, each at once (cold). */
  private static LogShift learnt() {
    LogShift s = new LogShift();
    for (int i = 0; i < 100; i++) s.learn(i % 2 == 0 ? -0.5 : 0.5, 3, DECAY, false, 0, H);
    return s;
  }

  @Test
  void beforeTheDetectorIsWarmABucketIsLearntAtOnce() {
    LogShift s = learnt();
    float mean = s.mean;
    s.learn(2, 3, DECAY, false, H + 1, H);
    assertThat(s.mean).isGreaterThan(mean);
    assertThat(s.waiting).isZero();
  }

  @Test
  void aQuietBucketIsLearntGuardBucketsLater() {
    LogShift s = learnt();
    int buckets = s.buckets;
    float mean = s.mean;
    s.learn(2, 3, DECAY, true, 0, H);
    for (int i = 1; i < LogShift.GUARD; i++) s.learn(0, 3, DECAY, true, 0, H);
    assertThat(s.buckets).isEqualTo(buckets); // all eight still waiting
    assertThat(s.mean).isEqualTo(mean);
    s.learn(0, 3, DECAY, true, 0, H); // the ninth pushes the first one in
    assertThat(s.buckets).isEqualTo(buckets + 1);
    assertThat(s.mean).isGreaterThan(mean);
    assertThat(s.waiting).isEqualTo(LogShift.GUARD);
  }

  @Test
  void anAlarmDropsTheWaitingBucketsTheShiftsOnset() {
    LogShift s = learnt();
    float mean = s.mean, var = s.var;
    for (int i = 0; i < 5; i++) s.learn(1.5, 3, DECAY, true, 2, H); // onset, evidence still small
    s.learn(1.5, 3, DECAY, true, H + 2, H); // found
    for (int i = 0; i < 2 * LogShift.GUARD; i++) s.learn(0, 3, DECAY, true, 0, H);
    assertThat(s.mean).isLessThanOrEqualTo(mean); // no onset bucket was ever learnt
    assertThat(s.var).isLessThan(var);
  }

  @Test
  void evidenceBetweenAThirdOfHAndHNeitherLearnsNorDrops() {
    LogShift s = learnt();
    s.learn(1, 3, DECAY, true, 0, H);
    s.learn(5, 3, DECAY, true, H / 2, H); // not learnt, and the waiting one stays
    assertThat(s.waiting).isEqualTo(1);
    int buckets = s.buckets;
    for (int i = 0; i < LogShift.GUARD; i++) s.learn(0, 3, DECAY, true, 0, H);
    assertThat(s.buckets).isEqualTo(buckets + 1); // the quiet one, learnt in turn
  }

  @Test
  void aRingFromElsewhereIsReplacedNotTrusted() {
    LogShift s = learnt();
    s.pending = new float[3];
    s.waiting = 7;
    s.learn(0, 3, DECAY, true, 0, H);
    assertThat(s.pending).hasSize(2 * LogShift.GUARD);
    assertThat(s.waiting).isEqualTo(1);
  }
}
