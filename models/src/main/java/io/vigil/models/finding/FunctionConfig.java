package io.vigil.models.finding;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A function's deployed configuration as carried on findings (and the metric buckets the Lambda API
 * lookup enriched): memory, timeout, runtime, architecture and VPC attachment. Every field may be
 * null (unknown). Arrays, not lists, keep it on Flink's POJO serializer (no Kryo).
 */
public class FunctionConfig {
  public static final String FROM_LAMBDA_API = "lambda-api";
  public static final String FROM_MANIFEST = "manifest";

  public Integer memorySizeMb;
  public Integer timeoutSeconds;
  public String runtime;

  /** {@code x86_64} or {@code arm64}. */
  public String architecture;

  /** True when attached to a VPC (subnets configured). */
  public Boolean vpc;

  public String[] subnetIds;
  public String[] securityGroupIds;

  /**
   * Where the values come from: {@link #FROM_LAMBDA_API}, {@link #FROM_MANIFEST}, or both joined by
   * {@code +} (the API's values win field by field, the manifest fills the rest).
   */
  public String source;

  public FunctionConfig() {}

  /**
   * From the Lambda API's values ({@code memorySizeMb} / {@code timeoutSeconds} below 0 = unknown).
   */
  public static FunctionConfig of(
      int memorySizeMb,
      int timeoutSeconds,
      String runtime,
      String architecture,
      List<String> subnetIds,
      List<String> securityGroupIds,
      String source) {
    FunctionConfig c = new FunctionConfig();
    c.memorySizeMb = memorySizeMb > 0 ? memorySizeMb : null;
    c.timeoutSeconds = timeoutSeconds > 0 ? timeoutSeconds : null;
    c.runtime = runtime;
    c.architecture = architecture;
    c.subnetIds = subnetIds == null ? new String[0] : subnetIds.toArray(String[]::new);
    c.securityGroupIds =
        securityGroupIds == null ? new String[0] : securityGroupIds.toArray(String[]::new);
    c.vpc = c.subnetIds.length > 0;
    c.source = source;
    return c;
  }

  /**
   * {@code live} field by field, {@code declared} where {@code live} does not know; may be null.
   */
  public static FunctionConfig overlay(FunctionConfig declared, FunctionConfig live) {
    if (live == null) return declared;
    if (declared == null) return live;
    FunctionConfig c = new FunctionConfig();
    c.memorySizeMb = live.memorySizeMb != null ? live.memorySizeMb : declared.memorySizeMb;
    c.timeoutSeconds = live.timeoutSeconds != null ? live.timeoutSeconds : declared.timeoutSeconds;
    c.runtime = live.runtime != null ? live.runtime : declared.runtime;
    c.architecture = live.architecture != null ? live.architecture : declared.architecture;
    boolean liveVpc = live.vpc != null;
    c.vpc = liveVpc ? live.vpc : declared.vpc;
    c.subnetIds = liveVpc ? live.subnetIds : declared.subnetIds;
    c.securityGroupIds = liveVpc ? live.securityGroupIds : declared.securityGroupIds;
    c.source = live.source + "+" + declared.source;
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FunctionConfig c
        && Objects.equals(memorySizeMb, c.memorySizeMb)
        && Objects.equals(timeoutSeconds, c.timeoutSeconds)
        && Objects.equals(runtime, c.runtime)
        && Objects.equals(architecture, c.architecture)
        && Objects.equals(vpc, c.vpc)
        && Arrays.equals(subnetIds, c.subnetIds)
        && Arrays.equals(securityGroupIds, c.securityGroupIds)
        && Objects.equals(source, c.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(memorySizeMb, timeoutSeconds, runtime, architecture, vpc, source);
  }

  @Override
  public String toString() {
    return String.format(
        "%s MB, %s s, %s, %s, vpc=%s (%s)",
        memorySizeMb, timeoutSeconds, runtime, architecture, vpc, source);
  }
}
