package io.vigil.models.detect;

/**
 * A rate with a prior, from exponentially decayed sums: {@code (events + priorEvents) / (trials +
 * priorTrials)}. Few trials leave it near the prior, so one early error is not a "0% baseline". 16
 * bytes. A Flink POJO.
 */
public class DecayedRate {
  public float events;
  public float trials;

  public DecayedRate() {}

  public double rate(double priorEvents, double priorTrials) {
    return (events + priorEvents) / (trials + priorTrials);
  }

  public void update(double k, double n, double decay) {
    events = (float) (events * decay + k);
    trials = (float) (trials * decay + n);
  }
}
