package io.vigil.operators.combine;

import io.vigil.models.event.TelemetryEvent;
import io.vigil.models.profile.InvocationRun;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * What crosses {@code keyBy} into the profile operator: a run of one function's invocations folded
 * by {@link ProfileCombiner} (its binary form), or a single event passed through (flows and billing
 * rows, which need the function's keyed state). Exactly one of {@link #run} and {@link #event} is
 * set. A POJO, so no Kryo.
 */
public class ProfileInput {
  /** Function key (see {@code FunctionKeys}). */
  public String key;

  public TelemetryEvent event;

  /** {@link InvocationRun#toBytes()}. */
  public byte[] run;

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

  /** Key selector for the profile stage's {@code keyBy}. */
  public static final class Key implements KeySelector<ProfileInput, String> {
    @Override
    public String getKey(ProfileInput in) {
      return in.key;
    }
  }
}
