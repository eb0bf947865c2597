package io.vigil.models.sim;

import java.util.ArrayList;
import java.util.List;

/** Static description of one simulated Lambda function. Plain mutable POJO. */
public class FunctionSpec {
  public String name;
  public String accountId;
  public String region;
  public int memorySizeMb;

  /** {@code x86_64} or {@code arm64}. */
  public String architecture;

  public String runtime;

  /** Published version written in START lines, e.g. {@code $LATEST} or {@code 17}. */
  public String version = "$LATEST";

  /** True when the function writes JSON-format logs (advanced logging controls). */
  public boolean jsonLogFormat;

  public boolean vpcAttached;

  /** {@code eni-} + 17 hex chars; null unless {@link #vpcAttached}. */
  public String eniId;

  /** Private IP of the ENI; null unless {@link #vpcAttached}. */
  public String privateIp;

  /** Baseline invocations per minute at the daily peak. */
  public double peakInvocationsPerMinute;

  public double medianDurationMs;

  /** Daily peak / trough ratio of the invocation rate (5 = the classic 20% trough). */
  public double peakTroughRatio = 5;

  /** UTC hour of the daily peak. */
  public double peakHour = 15;

  /** Log-normal sigma of the duration distribution. */
  public double durationSpread;

  public int typicalMemoryUsedMb;
  public int timeoutSeconds;
  public double coldStartProbability;

  /** VPC functions: usual destinations as {@code ip:port}. */
  public List<String> usualDestinations = new ArrayList<>();

  /** Cost-allocation team tag. */
  public String team;

  public FunctionSpec() {}

  public boolean arm64() {
    return "arm64".equals(architecture);
  }

  public String arn() {
    return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
  }

  public FunctionSpec copy() {
    FunctionSpec c = new FunctionSpec();
    c.name = name;
    c.accountId = accountId;
    c.region = region;
    c.memorySizeMb = memorySizeMb;
    c.architecture = architecture;
    c.runtime = runtime;
    c.version = version;
    c.jsonLogFormat = jsonLogFormat;
    c.vpcAttached = vpcAttached;
    c.eniId = eniId;
    c.privateIp = privateIp;
    c.peakInvocationsPerMinute = peakInvocationsPerMinute;
    c.medianDurationMs = medianDurationMs;
    c.peakTroughRatio = peakTroughRatio;
    c.peakHour = peakHour;
    c.durationSpread = durationSpread;
    c.typicalMemoryUsedMb = typicalMemoryUsedMb;
    c.timeoutSeconds = timeoutSeconds;
    c.coldStartProbability = coldStartProbability;
    c.usualDestinations = new ArrayList<>(usualDestinations);
    c.team = team;
    return c;
  }

  @Override
  public String toString() {
    return "FunctionSpec{"
        + name
        + " "
        + accountId
        + "/"
        + region
        + " "
        + memorySizeMb
        + "MB "
        + architecture
        + (vpcAttached ? " " + eniId : "")
        + " peak="
        + peakInvocationsPerMinute
        + "/min}";
  }
}
