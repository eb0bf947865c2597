package io.vigil.models.finding;

import io.vigil.models.policy.FunctionTag;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * An explained detection: what was observed, what was expected, over which window, how sure we are
 * and why it matters. One open incident per (function, type): updates keep the same {@link
 * #incidentId}; each update has its own {@link #id}, so replays overwrite instead of duplicating.
 */
public class Finding {
  /** Deterministic id of this finding update: incident id + window end. */
  public String id;

  /** Deterministic id of the incident this finding belongs to: key + type + first window start. */
  public String incidentId;

  public String functionKey;
  public String accountId;
  public String region;
  public String functionName;

  /** {@link FindingType} name. */
  public String type;

  /** {@link Severity} name. */
  public String severity;

  /** OPEN (first alert), UPDATE (still anomalous), RESOLVED (back to baseline). */
  public String status;

  /** Detector that produced it, e.g. {@code seasonal-baseline}. */
  public String detector;

  /** Anomaly score in [0, 1]. */
  public double score;

  public double observed;
  public double expected;

  /**
   * Unit of observed/expected: {@code invocations/min}, {@code ms}, {@code bytes}, {@code USD/h}...
   */
  public String unit;

  /** Window the observation covers, epoch ms. */
  public long windowStart;

  public long windowEnd;

  /** Estimated cost impact above baseline, USD per hour (0 when not a cost matter). */
  public double impactUsdPerHour;

  /** Network findings: the remote side. */
  public String destinationIp;

  public int destinationPort;

  public String explanation;

  /**
   * The function's tags, sorted by key (from its GitOps manifest or the Lambda API); may be null.
   */
  public FunctionTag[] tags;

  /**
   * The function's configuration (memory, timeout, runtime, architecture, VPC) from the Lambda API
   * and/or its GitOps manifest; null when neither is known.
   */
  public FunctionConfig config;

  public Finding() {}

  public FindingType typeKind() {
    return FindingType.valueOf(type);
  }

  public Severity severityKind() {
    return Severity.valueOf(severity);
  }

  /** Name-based UUID of the parts, so ids are stable across runs and replays. */
  public static String stableId(Object... parts) {
    StringBuilder sb = new StringBuilder();
    for (Object p : parts) sb.append(p).append('|');
    return UUID.nameUUIDFromBytes(sb.toString().getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** One readable line, as printed on the console. */
  public String toLine() {
    return String.format(
        "[%s] %-8s %-22s %-28s %s", status, severity, type, functionName, explanation);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Finding f)) return false;
    return Double.compare(score, f.score) == 0
        && Double.compare(observed, f.observed) == 0
        && Double.compare(expected, f.expected) == 0
        && windowStart == f.windowStart
        && windowEnd == f.windowEnd
        && Double.compare(impactUsdPerHour, f.impactUsdPerHour) == 0
        && destinationPort == f.destinationPort
        && Objects.equals(id, f.id)
        && Objects.equals(incidentId, f.incidentId)
        && Objects.equals(functionKey, f.functionKey)
        && Objects.equals(accountId, f.accountId)
        && Objects.equals(region, f.region)
        && Objects.equals(functionName, f.functionName)
        && Objects.equals(type, f.type)
        && Objects.equals(severity, f.severity)
        && Objects.equals(status, f.status)
        && Objects.equals(detector, f.detector)
        && Objects.equals(unit, f.unit)
        && Objects.equals(destinationIp, f.destinationIp)
        && Objects.equals(explanation, f.explanation)
        && Arrays.equals(tags, f.tags)
        && Objects.equals(config, f.config);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id);
  }

  @Override
  public String toString() {
    return "Finding{" + toLine() + "}";
  }
}
