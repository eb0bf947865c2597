package io.vigil.operators.control;

import io.vigil.models.finding.Feedback;

/**
 * One element of the job's control broadcast: either a policy bundle (the whole policy folder) or
 * one human feedback verdict. Policy consumers ignore feedback and vice versa, so one broadcast
 * stream feeds detection and action planning. A Flink POJO (no Kryo).
 */
public class ControlEvent {
  public PolicyBundle policies;
  public Feedback feedback;

  public ControlEvent() {}

  public static ControlEvent of(PolicyBundle policies) {
    ControlEvent c = new ControlEvent();
    c.policies = policies;
    return c;
  }

  public static ControlEvent of(Feedback feedback) {
    ControlEvent c = new ControlEvent();
    c.feedback = feedback;
    return c;
  }
}
