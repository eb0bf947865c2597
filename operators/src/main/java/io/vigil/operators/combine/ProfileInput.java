package io.vigil.operators.combine;

import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.profile.FlowRun;
import io.vigil.models.profile.InvocationRun;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * What crosses {@code keyBy} into the profile operator: a run of one function's invocations or of
 * its flows folded by {@link ProfileCombiner} (their binary forms), or a single event passed
 * through (billing rows, or anything when combining is off). Either {@link #event} is set, or one
 * or both of {@link #run} and {@link #flows} (then of one bucket). A POJO, so no Kryo.
 */
public class ProfileInput {
  /** Function key (see {@code FunctionKeys}). */
  public String key;

  public TelemetryEvent event;

  /** {@link InvocationRun#toBytes()}. */
  public byte[] run;

  /** {@link FlowRun#toBytes()}. */
  public byte[] flows;

  /** With both runs: the flow run started first, so the profile applies it first. */
  public boolean flowsFirst;

  public ProfileInput() {}

  public static ProfileInput of(TelemetryEvent e) {
    ProfileInput in = new ProfileInput();
    in.key = e.key;
    in.event = e;
    return in;
  }

  public static ProfileInput of(String key, InvocationRun run) {
    return of(key, run, null, false);
  }

  public static ProfileInput of(String key, FlowRun run) {
    return of(key, null, run, false);
  }

  /** A function's invocation run, flow run, or both (of one bucket; either may be null). */
  public static ProfileInput of(String key, InvocationRun run, FlowRun flows, boolean flowsFirst) {
    ProfileInput in = new ProfileInput();
    in.key = key;
    in.run = run == null ? null : run.toBytes();
    in.flows = flows == null ? null : flows.toBytes();
    in.flowsFirst = flowsFirst && run != null && flows != null;
    return in;
  }

  /** Key selector for the profile stage's {@code keyBy}. */
  public static final class Key implements KeySelector<ProfileInput, String> {
    @Override
    public String getKey(ProfileInput in) {
      return in.key;
    }
  }
}
