package io.vigil.operators.combine;

import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.profile.FlowRun;
import io.vigil.models.profile.InvocationRun;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * What crosses {@code keyBy} into the profile operator: a run of one function's invocations or of
 * its flows folded by {@link ProfileCombiner} (their binary forms), or a single event passed
 * through (billing rows, or anything when combining is off). Exactly one of {@link #run}, {@link
 * #flows} and {@link #event} is set. A POJO, so no Kryo.
 */
public class ProfileInput {
  /** Function key (see {@code FunctionKeys}). */
  public String key;

  public TelemetryEvent event;

  /** {@link InvocationRun#toBytes()}. */
  public byte[] run;

  /** {@link FlowRun#toBytes()}. */
  public byte[] flows;

  public ProfileInput() {}

  public static ProfileInput of(TelemetryEvent e) {
    ProfileInput in = new ProfileInput();
    in.key = e.key;
    in.event = e;
    return in;
  }

  public static ProfileInput of(String key, InvocationRun run) {
    ProfileInput in = new ProfileInput();
    in.key = key;
    in.run = run.toBytes();
    return in;
  }

  public static ProfileInput of(String key, FlowRun run) {
    ProfileInput in = new ProfileInput();
    in.key = key;
    in.flows = run.toBytes();
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
