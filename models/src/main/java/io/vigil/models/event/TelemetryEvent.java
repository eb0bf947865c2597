package io.vigil.models.event;

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

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TelemetryEvent t)) return false;
    return timestamp == t.timestamp
        && Objects.equals(key, t.key)
        && Objects.equals(invocation, t.invocation)
        && Objects.equals(flow, t.flow)
        && Objects.equals(billing, t.billing);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, timestamp);
  }

  @Override
  public String toString() {
    Object body = invocation != null ? invocation : flow != null ? flow : billing;
    return "TelemetryEvent{" + key + " @" + timestamp + " " + body + "}";
  }
}
