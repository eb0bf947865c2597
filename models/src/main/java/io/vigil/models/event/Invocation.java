package io.vigil.models.event;

import java.util.Objects;

/**
 * One Lambda invocation, assembled from a REPORT line (text format) or a {@code platform.report}
 * record (JSON format), enriched with what START/END, timeout and error lines said about it.
 */
public class Invocation {
  public String accountId;
  public String region;
  public String functionName;
  public String version;
  public String requestId;

  /** Event time of the REPORT (epoch ms). */
  public long timestamp;

  public double durationMs;
  public double billedDurationMs;
  public int memorySizeMb;
  public int maxMemoryUsedMb;

  /** Init duration (ms); positive only on cold starts. */
  public double initDurationMs;

  /** SnapStart restore duration (ms); positive only on SnapStart restores. */
  public double restoreDurationMs;

  public boolean coldStart;

  /** {@link InvocationStatus} name. */
  public String status = InvocationStatus.SUCCESS.name();

  public String errorType;

  /** {@code x86_64} or {@code arm64}; null when the logs do not say (priced as x86_64). */
  public String architecture;

  public String xrayTraceId;

  /**
   * An application line of this invocation invoked the function itself (named its own ARN): the
   * signature of a recursive loop, whatever its growth.
   */
  public boolean selfInvocation;

  public Invocation() {}

  public InvocationStatus statusKind() {
    return status == null ? InvocationStatus.SUCCESS : InvocationStatus.valueOf(status);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Invocation i)) return false;
    return timestamp == i.timestamp
        && Double.compare(durationMs, i.durationMs) == 0
        && Double.compare(billedDurationMs, i.billedDurationMs) == 0
        && memorySizeMb == i.memorySizeMb
        && maxMemoryUsedMb == i.maxMemoryUsedMb
        && Double.compare(initDurationMs, i.initDurationMs) == 0
        && Double.compare(restoreDurationMs, i.restoreDurationMs) == 0
        && coldStart == i.coldStart
        && selfInvocation == i.selfInvocation
        && Objects.equals(accountId, i.accountId)
        && Objects.equals(region, i.region)
        && Objects.equals(functionName, i.functionName)
        && Objects.equals(version, i.version)
        && Objects.equals(requestId, i.requestId)
        && Objects.equals(status, i.status)
        && Objects.equals(errorType, i.errorType)
        && Objects.equals(architecture, i.architecture)
        && Objects.equals(xrayTraceId, i.xrayTraceId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(functionName, requestId, timestamp);
  }

  @Override
  public String toString() {
    return "Invocation{" + functionName + " " + requestId + " " + status + " " + durationMs + "ms}";
  }
}
