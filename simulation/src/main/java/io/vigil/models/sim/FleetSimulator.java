package io.vigil.models.sim;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.finding.FindingType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic fleet simulator: produces, minute by minute of fleet time, the raw Kinesis records
 * of the three input streams (Lambda logs, VPC Flow Logs, billing) in the real AWS formats, with
 * the scenario's incidents injected. Same seed and config give identical bytes.
 *
 * <p>Usage: {@code while (sim.hasNext()) for (RawRecord r : sim.nextMinute()) ...}. Memory is
 * bounded by one minute of records. Not thread-safe.
 */
public class FleetSimulator {
  private static final long MINUTE_MS = 60_000L;
  private static final long HOUR_MS = 3_600_000L;

  /** Ground truth: the share of invocations that fail outside an error storm. */
  public static final double BASE_ERROR_RATE = 0.002;

  /** Ground truth: the share of invocations that time out outside a timeout storm. */
  public static final double BASE_TIMEOUT_RATE = 0.0002;

  /** Log-normal sigma of each function-minute's rate noise (over-dispersion beyond Poisson). */
  public static final double RATE_NOISE_SIGMA = 0.1;

  private final SimulationConfig config;
  private final long seed;
  private final long startMs;
  private final Fleet fleet;
  private final List<Incident> incidents;
  private final FunctionState[] states;
  private final String focusAccount;
  private final LambdaLogWriter lambdaWriter = new LambdaLogWriter();
  private final FlowLogWriter flowWriter = new FlowLogWriter();
  private final long[] sequence = new long[StreamKind.values().length];
  private final List<SimInvocation> invs = new ArrayList<>();
  private final List<LambdaLogWriter.Envelope> envelopes = new ArrayList<>();

  private long minuteIndex;
  private long billingHour = Long.MIN_VALUE;

  /** Records generated but not yet arrived (late delivery), by arrival time. */
  private final java.util.PriorityQueue<Pending> inFlight =
      new java.util.PriorityQueue<>(
          Comparator.comparingLong((Pending p) -> p.arrivalTs).thenComparingLong(p -> p.eventTs));

  private long lambdaRecords;
  private int corruptEvery;

  public FleetSimulator() {
    this(new SimulationConfig());
  }

  public FleetSimulator(SimulationConfig config) {
    this(
        config,
        config.scenarioYaml != null
            ? Scenario.parse(config.scenarioYaml)
            : config.scenarioPath == null
                ? Scenario.loadDefault()
                : Scenario.load(java.nio.file.Path.of(config.scenarioPath)));
  }

  public FleetSimulator(SimulationConfig config, Scenario scenario) {
    this.config = config;
    this.seed = config.seed;
    this.startMs = config.start.toEpochMilli();
    Fleet base = new Fleet(config.seed, config.functions, config.jsonLogShare, scenario.fleet());
    List<FunctionSpec> specs = new ArrayList<>();
    for (FunctionSpec f : base.functions()) specs.add(f.copy());
    this.incidents = IncidentResolver.resolve(scenario, specs, seed, startMs);
    this.fleet = new Fleet(seed, specs);
    this.states = new FunctionState[specs.size()];
    for (int i = 0; i < specs.size(); i++) states[i] = new FunctionState(i, specs.get(i));
    for (Incident inc : incidents) {
      for (FunctionState st : states) if (st.spec.name.equals(inc.function)) st.incidents.add(inc);
    }
    List<String> accounts = fleet.accounts();
    this.focusAccount = accounts.size() >= 2 ? accounts.get(accounts.size() - 1) : null;
    corruptEvery(config.corruptEvery);
  }

  /**
   * Every n-th Lambda record becomes a corrupted gzip, and every n-th envelope carries a truncated
   * REPORT line (for dead-letter demos). 0 turns corruption off (the default).
   */
  public FleetSimulator corruptEvery(int n) {
    if (n < 0) throw new IllegalArgumentException("corruptEvery must be >= 0, got " + n);
    this.corruptEvery = n;
    lambdaWriter.truncateEvery(n);
    return this;
  }

  public Fleet fleet() {
    return fleet;
  }

  /** ENI id -> function ARN of the simulated fleet (what the job's flow attribution needs). */
  public Map<String, String> eniToFunction() {
    return fleet.eniToFunction();
  }

  /** Ground truth: incidents with resolved function names and absolute start/end times. */
  public List<Incident> incidents() {
    List<Incident> out = new ArrayList<>();
    for (Incident i : incidents) out.add(i.copy());
    return out;
  }

  /** The account whose billing arrives as FOCUS rows instead of CUR 2.0; null if none. */
  public String focusAccount() {
    return focusAccount;
  }

  /** Fleet minutes simulated so far. */
  public long minuteIndex() {
    return minuteIndex;
  }

  /** Epoch ms of the start of the minute the next {@link #nextMinute()} call simulates. */
  public long currentMinuteStart() {
    return startMs + minuteIndex * MINUTE_MS;
  }

  public boolean hasNext() {
    return config.minutes <= 0 || minuteIndex < config.minutes;
  }

  /**
   * All records of the next fleet minute, sorted by event time (with {@link
   * SimulationConfig#lateDelivery}: the records arriving in it, by arrival time).
   */
  public List<RawRecord> nextMinute() {
    long minuteStart = currentMinuteStart();
    List<Pending> pending = new ArrayList<>();
    long hour = Math.floorDiv(minuteStart, HOUR_MS);
    if (billingHour != Long.MIN_VALUE && hour != billingHour) flushBilling(minuteStart, pending);
    billingHour = hour;
    double seasonal = seasonalFactor(minuteStart);
    for (FunctionState st : states) {
      FunctionSpec f = st.spec;
      boolean classic = f.peakTroughRatio == 5 && f.peakHour == 15;
      double s = classic ? seasonal : seasonalFactor(minuteStart, f.peakTroughRatio, f.peakHour);
      simulateFunction(st, minuteStart, s, pending);
    }
    pending.sort(Comparator.comparingLong((Pending p) -> p.eventTs));
    if (config.lateDelivery) pending = arrived(pending, minuteStart + MINUTE_MS);
    List<RawRecord> out = new ArrayList<>(pending.size());
    for (Pending p : pending) {
      int s = p.stream.ordinal();
      StringBuilder seq = new StringBuilder(56);
      SimText.appendPadded(seq, ++sequence[s], 56);
      String shard = "shardId-00000000000" + ((p.key.hashCode() & 0x7fffffff) % 2);
      out.add(
          new RawRecord(p.stream, p.key, shard, seq.toString(), p.arrivalTs, p.eventTs, p.data));
    }
    minuteIndex++;
    return out;
  }

  /** With late delivery: holds records until they arrive, returns those arriving before now. */
  private List<Pending> arrived(List<Pending> generated, long now) {
    inFlight.addAll(generated);
    List<Pending> out = new ArrayList<>();
    while (!inFlight.isEmpty() && inFlight.peek().arrivalTs < now) out.add(inFlight.poll());
    return out;
  }

  private record Pending(
      StreamKind stream, String key, long eventTs, long arrivalTs, byte[] data) {}

  /** Diurnal sinusoid (peak 15:00 UTC, trough 03:00 at 20%) times a weekend dip. */
  static double seasonalFactor(long epochMs) {
    double hourOfDay = Math.floorMod(epochMs, 86_400_000L) / 3_600_000.0;
    double diurnal = 0.2 + 0.8 * (0.5 + 0.5 * Math.cos(2 * Math.PI * (hourOfDay - 15) / 24));
    return diurnal * weekFactor(epochMs);
  }

  /** The diurnal sinusoid with a given peak/trough ratio and peak hour, times the weekend dip. */
  static double seasonalFactor(long epochMs, double peakTrough, double peakHour) {
    double hourOfDay = Math.floorMod(epochMs, 86_400_000L) / 3_600_000.0;
    double trough = 1 / peakTrough;
    double diurnal =
        trough + (1 - trough) * (0.5 + 0.5 * Math.cos(2 * Math.PI * (hourOfDay - peakHour) / 24));
    return diurnal * weekFactor(epochMs);
  }

  private static double weekFactor(long epochMs) {
    long day = Math.floorDiv(epochMs, 86_400_000L);
    int dow = (int) Math.floorMod(day + 3, 7L); // 0 = Monday (1970-01-01 was a Thursday)
    return dow == 5 || dow == 6 ? 0.6 : dow == 4 ? 0.9 : 1.0;
  }

  private void simulateFunction(
      FunctionState st, long minuteStart, double seasonal, List<Pending> out) {
    FunctionSpec f = st.spec;
    SplittableRandom r = new SplittableRandom(mix(mix(seed, minuteIndex), st.index));
    double noise = Math.exp(RATE_NOISE_SIGMA * r.nextGaussian());
    double rate = f.peakInvocationsPerMinute * seasonal * noise * rateMultiplier(st);
    int n = poisson(r, rate);
    boolean selfInvoke = st.active(FindingType.RECURSIVE_LOOP, minuteIndex) != null;
    Incident err = st.active(FindingType.ERROR_STORM, minuteIndex);
    Incident tmo = st.active(FindingType.TIMEOUT_STORM, minuteIndex);
    double errorP = err != null ? err.magnitude : BASE_ERROR_RATE;
    double timeoutP = tmo != null ? tmo.magnitude : BASE_TIMEOUT_RATE;
    double durMult = 1;
    Incident reg = st.active(FindingType.DURATION_REGRESSION, minuteIndex);
    if (reg != null) durMult *= reg.magnitude;
    Incident cost = st.active(FindingType.COST_SPIKE, minuteIndex);
    if (cost != null) durMult *= cost.magnitude;
    String version = version(st);
    long[] offsets = new long[n];
    for (int i = 0; i < n; i++) offsets[i] = r.nextLong(MINUTE_MS);
    Arrays.sort(offsets);
    invs.clear();
    long timeoutMs = f.timeoutSeconds * 1000L;
    for (int i = 0; i < n; i++) {
      SimInvocation inv = new SimInvocation();
      inv.startMs = minuteStart + offsets[i];
      inv.idHi = r.nextLong();
      inv.idLo = r.nextLong();
      inv.version = version;
      inv.selfInvoke = selfInvoke;
      inv.xray = r.nextDouble() < 0.1;
      double d = f.medianDurationMs * Math.exp(f.durationSpread * r.nextGaussian()) * durMult;
      d = Math.max(1.0, Math.min(d, timeoutMs * 0.98));
      if (r.nextDouble() < f.coldStartProbability) {
        inv.initMs = (f.runtime.startsWith("java") ? 400 : 120) + 600 * r.nextDouble();
      }
      double u = r.nextDouble();
      if (u < timeoutP) {
        inv.status = SimInvocation.TIMEOUT;
        d = timeoutMs;
      } else if (u < timeoutP + errorP) inv.status = SimInvocation.ERROR;
      d = Math.round(d * 100) / 100.0;
      inv.durationMs = d;
      inv.billedMs = (long) Math.ceil(d);
      int used = (int) Math.round(f.typicalMemoryUsedMb * (0.9 + 0.2 * r.nextDouble()));
      inv.memoryUsedMb = Math.min(f.memorySizeMb, Math.max(20, used));
      invs.add(inv);
      st.hourRequests++;
      st.hourGbSeconds += inv.billedMs / 1000.0 * (f.memorySizeMb / 1024.0);
    }
    if (n > 0) {
      envelopes.clear();
      lambdaWriter.write(f, mix(seed, st.index * 1_000_003L), invs, envelopes, minuteIndex);
      for (LambdaLogWriter.Envelope e : envelopes) {
        byte[] data = e.gzipped();
        lambdaRecords++;
        if (corruptEvery > 0 && lambdaRecords % corruptEvery == 0) data = corrupt(data);
        long arrival = e.lastTimestamp() + 300 + r.nextInt(2700);
        out.add(new Pending(StreamKind.LAMBDA_LOGS, f.name, e.firstTimestamp(), arrival, data));
      }
    }
    if (f.vpcAttached) {
      byte[] data = flowWriter.write(st, minuteIndex, minuteStart, n, r);
      long arrival =
          config.lateDelivery
              ? minuteStart + MINUTE_MS + 60_000 + r.nextInt(240_000)
              : minuteStart + MINUTE_MS + 5_000 + r.nextInt(40_000);
      out.add(new Pending(StreamKind.FLOW_LOGS, f.eniId, minuteStart, arrival, data));
    }
  }

  private double rateMultiplier(FunctionState st) {
    double m = 1;
    Incident spike = st.active(FindingType.INVOCATION_SPIKE, minuteIndex);
    if (spike != null) m *= spike.magnitude;
    Incident loop = st.active(FindingType.RECURSIVE_LOOP, minuteIndex);
    if (loop != null) m *= loopMultiplier(loop, minuteIndex);
    return m;
  }

  /**
   * Ground truth: a recursive loop's rate multiplier in a minute it is active (doubling every
   * {@value Incident#RECURSION_DOUBLING_MINUTES} minutes from x2, capped at its magnitude).
   */
  public static double loopMultiplier(Incident loop, long minuteIndex) {
    long elapsed = minuteIndex - loop.startMinute;
    double growth = Math.pow(2, 1 + elapsed / Incident.RECURSION_DOUBLING_MINUTES);
    return Math.min(loop.magnitude, growth);
  }

  /**
   * Ground truth: f's invocation rate (per minute) in the minute starting at {@code minuteStartMs}
   * without an incident: its peak rate times its daily and weekly curve. Each function-minute's
   * count is Poisson with this rate times an incident's multiplier times a log-normal noise factor
   * of sigma {@link #RATE_NOISE_SIGMA} (median 1), drawn afresh each minute.
   */
  public static double baselineInvocationsPerMinute(FunctionSpec f, long minuteStartMs) {
    return f.peakInvocationsPerMinute
        * seasonalFactor(minuteStartMs, f.peakTroughRatio, f.peakHour);
  }

  /** DURATION_REGRESSION deploys version v+1 for its window, then a fix as v+2. */
  private String version(FunctionState st) {
    Incident reg = st.find(FindingType.DURATION_REGRESSION);
    if (reg == null || minuteIndex < reg.startMinute) return st.spec.version;
    int v = Integer.parseInt(st.spec.version);
    return Integer.toString(minuteIndex < reg.endMinute() ? v + 1 : v + 2);
  }

  private void flushBilling(long minuteStart, List<Pending> out) {
    long hourStart = billingHour * HOUR_MS;
    SplittableRandom r = new SplittableRandom(mix(seed ^ 0xB111L, billingHour));
    for (FunctionState st : states) {
      if (st.hourRequests > 0) {
        FunctionSpec f = st.spec;
        byte[] data =
            f.accountId.equals(focusAccount)
                ? BillingWriter.focus(f, hourStart, st.hourRequests, st.hourGbSeconds)
                : BillingWriter.cur(f, hourStart, st.hourRequests, st.hourGbSeconds);
        long arrival =
            config.lateDelivery
                ? hourStart + HOUR_MS + 2 * HOUR_MS + (long) r.nextInt((int) (4 * HOUR_MS))
                : minuteStart + 1_000 + r.nextInt(20_000);
        out.add(new Pending(StreamKind.BILLING, f.name, hourStart, arrival, data));
      }
      st.hourRequests = 0;
      st.hourGbSeconds = 0;
    }
  }

  private static byte[] corrupt(byte[] data) {
    byte[] c = data.clone();
    int from = Math.max(10, c.length / 2 - 4);
    for (int i = from; i < Math.min(c.length - 8, from + 8); i++) c[i] ^= (byte) 0xA5;
    return c;
  }

  static int poisson(SplittableRandom r, double lambda) {
    if (lambda <= 0) return 0;
    if (lambda > 30) {
      return (int) Math.max(0, Math.round(lambda + Math.sqrt(lambda) * r.nextGaussian()));
    }
    double l = Math.exp(-lambda);
    double p = 1;
    int k = 0;
    do {
      k++;
      p *= r.nextDouble();
    } while (p > l);
    return k - 1;
  }

  /** SplitMix64-style mixing of two longs. */
  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
