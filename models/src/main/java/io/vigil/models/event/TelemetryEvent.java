package io.vigil.models.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * A decoded event keyed by function: exactly one of {@link #invocation}, {@link #flow} or {@link
 * #billing} is set. One union type keeps the keyed profile operator single-input and Kryo-free.
 */
public class TelemetryEvent {
  /** Key for {@code keyBy}: see {@link FunctionKeys}. */
  public String key;

  /** Event time, epoch ms. */
  public long timestamp;

  public Invocation invocation;
  public FlowRecord flow;
  public BillingLine billing;

  /**
   * Invocations of the same function and event-time bucket that came right after {@link
   * #invocation} in one record (no billing row of the function between them), grouped where the
   * record was decoded so the pre-shuffle combiner takes them as one; null for a lone event. Every
   * consumer of an invocation event takes these too, in order.
   */
  public Invocation[] followers;

  /**
   * {@link #invocation} and {@link #followers} already folded into a run by the thread that decoded
   * them (an {@code InvocationRun}), so the combiner need not fold them again; not serialised: a
   * copy folds them from the fields.
   */
  public transient Object folded;

  public TelemetryEvent() {}

  public static TelemetryEvent of(Invocation i) {
    return of(i, FunctionKeys.of(i.accountId, i.region, i.functionName));
  }

  /**
   * An invocation with its key built once by the caller for many invocations of one function;
   * {@code key} must be {@code FunctionKeys.of(i.accountId, i.region, i.functionName)}.
   */
  public static TelemetryEvent of(Invocation i, String key) {
    TelemetryEvent e = new TelemetryEvent();
    e.key = key;
    e.timestamp = i.timestamp;
    e.invocation = i;
    return e;
  }

  public static TelemetryEvent of(FlowRecord f) {
    TelemetryEvent e = new TelemetryEvent();
    String owner = f.functionName != null ? f.functionName : f.interfaceId;
    e.key = FunctionKeys.of(f.accountId, f.region, owner);
    e.timestamp = f.start * 1000L;
    e.flow = f;
    return e;
  }

  public static TelemetryEvent of(BillingLine b) {
    TelemetryEvent e = new TelemetryEvent();
    e.key = FunctionKeys.of(b.accountId, b.region, b.functionName);
    e.timestamp = b.usageStart;
    e.billing = b;
    return e;
  }

  /** Invocations this event carries: {@link #invocation} and its {@link #followers}. */
  public int invocationCount() {
    if (invocation == null) return 0;
    return followers == null ? 1 : 1 + followers.length;
  }

  /** The {@code k}-th invocation this event carries ({@link #invocationCount}). */
  public Invocation invocation(int k) {
    return k == 0 ? invocation : followers[k - 1];
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TelemetryEvent t)) return false;
    return timestamp == t.timestamp
        && Objects.equals(key, t.key)
        && Objects.equals(invocation, t.invocation)
        && Objects.equals(flow, t.flow)
        && Objects.equals(billing, t.billing)
        && Arrays.equals(followers, t.followers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, timestamp);
  }

  @Override
  public String toString() {
    Object body = invocation != null ? invocation : flow != null ? flow : billing;
    String more = followers == null ? "" : " +" + followers.length + " followers";
    return "TelemetryEvent{" + key + " @" + timestamp + " " + body + more + "}";
  }
}
