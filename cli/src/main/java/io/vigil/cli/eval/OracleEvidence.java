package io.vigil.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import io.vigil.models.finding.FindingType;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.FunctionSpec;
import io.vigil.models.sim.Incident;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the data of a simulated incident can show: the largest value, over the incident's scoring
 * window (buckets ending in [start - 2 min, end + 10 min]), of a CUSUM of per-bucket log-likelihood
 * ratios between the simulator's TRUE incident parameters and its TRUE baseline, evaluated on the
 * buckets the job wrote for that function. For that one alternative it is the Neyman-Pearson-best
 * sequential test, so a detector keeping the e^-h budget per function-bucket cannot be expected to
 * find an incident whose oracle evidence stays below h.
 *
 * <p>Outside the incident's minutes the alternative equals the baseline (log-likelihood ratio 0),
 * so the CUSUM starts from 0 at the onset. Approximations, each stated where made, only ever
 * overstate the evidence (more incidents count as detectable, so the detectable recall can only
 * come out lower), with the exceptions named in {@link #evidence}.
 */
public final class OracleEvidence {
  /** NaN: a type the oracle does not assess (counted as detectable). */
  public static final double NOT_ASSESSED = Double.NaN;

  private static final long MINUTE_MS = 60_000L;

  private OracleEvidence() {}

  /** One function's buckets as the job wrote them, indexed by fleet minute (absent = 0). */
  public static final class Series {
    final long[] invocations;
    final long[] errors;
    final long[] timeouts;

    /** Geometric mean duration (ms) of the bucket's non-timed-out invocations; 0 unknown. */
    final double[] geoMeanMs;

    public Series(int buckets) {
      invocations = new long[buckets];
      errors = new long[buckets];
      timeouts = new long[buckets];
      geoMeanMs = new double[buckets];
    }

    int length() {
      return invocations.length;
    }

    /** Sets bucket i (tests and the metrics reader). */
    public Series set(int i, long invocations, long errors, long timeouts, double geoMeanMs) {
      this.invocations[i] = invocations;
      this.errors[i] = errors;
      this.timeouts[i] = timeouts;
      this.geoMeanMs[i] = geoMeanMs;
      return this;
    }
  }

  /** The oracle evidence of one labelled incident (NaN: not assessed). */
  public record Assessment(Label label, double evidence) {
    public boolean assessed() {
      return !Double.isNaN(evidence);
    }

    /** At or above h, or not assessed (conservative: counted as detectable). */
    public boolean detectable(double h) {
      return !assessed() || evidence >= h;
    }
  }

  /**
   * Per-function series of a run's metrics output ({@code metrics.jsonl} or the {@code metrics/}
   * sink folder beside it), one-minute buckets from {@code runStartMs}; a bucket written twice
   * keeps its last line.
   */
  public static Map<String, Series> readMetrics(Path metrics, long runStartMs, int buckets)
      throws IOException {
    Map<String, Series> out = new HashMap<>();
    for (String line : IncidentScore.outputLines(metrics)) {
      if (line.isBlank()) continue;
      JsonNode n = Json.MAPPER.readTree(line);
      long i = Math.floorDiv(n.path("bucketStart").asLong() - runStartMs, MINUTE_MS);
      if (i < 0 || i >= buckets) continue;
      out.computeIfAbsent(n.path("functionName").asText(), k -> new Series(buckets))
          .set(
              (int) i,
              n.path("invocations").asLong(),
              n.path("errors").asLong(),
              n.path("timeouts").asLong(),
              n.path("durationGeoMeanMs").asDouble());
    }
    return out;
  }

  /**
   * Oracle evidence of each label (same order), from the simulator's ground truth ({@code
   * incidents} in label order, as {@link Label#fromIncidents} made the labels) and the job's
   * buckets. Every type is NaN when the job's bucket is not one minute (the simulator's step).
   */
  public static List<Assessment> assess(
      List<Label> labels,
      List<Incident> incidents,
      List<FunctionSpec> fleet,
      Map<String, Series> series,
      long runStartMs,
      int buckets,
      long bucketMs) {
    Map<String, FunctionSpec> specs = new HashMap<>();
    for (FunctionSpec f : fleet) specs.put(f.name, f);
    List<Assessment> out = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      Label l = labels.get(i);
      Incident inc = incidents.get(i);
      double e = NOT_ASSESSED;
      if (bucketMs == MINUTE_MS && specs.containsKey(inc.function)) {
        Series s = series.getOrDefault(inc.function, new Series(buckets));
        e = evidence(inc, specs.get(inc.function), s, runStartMs);
      }
      out.add(new Assessment(l, e));
    }
    return out;
  }

  /**
   * The oracle evidence of {@code inc} on its function's buckets (index = fleet minute), NaN for
   * the types not assessed (memory and network). Counts and shares use the exact simulated models
   * (errors: share p0 = {@link FleetSimulator#BASE_ERROR_RATE}, p1 = the magnitude; timeouts
   * likewise); counts are the simulator's Poisson log-normal mixture at the true rate ({@link
   * #noisyPoissonLlr}; for rates above 30 a minute the simulator draws a rounded normal of the same
   * mean and variance instead of the Poisson: negligible). Invocations are bucketed where they end,
   * the incident's minutes where they start: the few that cross a minute's end move one bucket.
   * Durations are log-normal with the function's true median and sigma, their shift the magnitude;
   * this ignores that the simulator clamps a duration at 0.98 x the timeout, which understates the
   * evidence of shifts so large (x4 and more on the tightest timeouts) that it stays far above h
   * anyway, and the sketch's 2% bins behind the bucket's geometric mean (unbiased noise, not a
   * systematic shift).
   */
  public static double evidence(Incident inc, FunctionSpec f, Series s, long runStartMs) {
    double[] llr =
        switch (inc.type) {
          case ERROR_STORM -> errorLlrs(inc, s);
          case TIMEOUT_STORM -> timeoutLlrs(inc, f, s);
          case INVOCATION_SPIKE, RECURSIVE_LOOP -> countLlrs(inc, f, s, runStartMs);
          case DURATION_REGRESSION, COST_SPIKE -> durationLlrs(inc, f, s);
          default -> null;
        };
    if (llr == null) return NOT_ASSESSED;
    // Bucket b ends at minute b + 1: in the window when that end is in [start - 2, end + 10].
    int before = (int) (LabelledScore.BEFORE_MS / MINUTE_MS);
    int after = (int) (LabelledScore.AFTER_MS / MINUTE_MS);
    int from = Math.max(0, inc.startMinute - before - 1);
    int to = Math.min(llr.length - 1, inc.endMinute() + after - 1);
    return maxCusum(llr, from, to);
  }

  private static double[] errorLlrs(Incident inc, Series s) {
    double[] llr = new double[s.length()];
    for (int b = 0; b < llr.length; b++) {
      if (!underIncident(inc, b, 0)) continue;
      llr[b] =
          binomialLlr(s.invocations[b], s.errors[b], FleetSimulator.BASE_ERROR_RATE, inc.magnitude);
    }
    return llr;
  }

  /**
   * A timed-out invocation reports a whole timeout after it starts: bucket b's timeouts are trials
   * of the invocations that started {@code lag} buckets back (their non-timed-out ones, reported
   * then, plus the timeouts reported now), as the job's timeout test reads them.
   */
  private static double[] timeoutLlrs(Incident inc, FunctionSpec f, Series s) {
    double[] llr = new double[s.length()];
    long timeoutMs = f.timeoutSeconds * 1000L;
    int lag = (int) (timeoutMs / MINUTE_MS);
    for (int b = lag; b < llr.length; b++) {
      if (!underIncident(inc, b, timeoutMs)) continue;
      long trials = s.timeouts[b] + Math.max(0, s.invocations[b - lag] - s.timeouts[b - lag]);
      llr[b] = binomialLlr(trials, s.timeouts[b], FleetSimulator.BASE_TIMEOUT_RATE, inc.magnitude);
    }
    return llr;
  }

  private static double[] countLlrs(Incident inc, FunctionSpec f, Series s, long runStartMs) {
    double[] llr = new double[s.length()];
    for (int b = 0; b < llr.length; b++) {
      if (!inc.activeAt(b)) continue;
      double l0 = FleetSimulator.baselineInvocationsPerMinute(f, runStartMs + b * MINUTE_MS);
      double m =
          inc.type == FindingType.INVOCATION_SPIKE
              ? inc.magnitude
              : FleetSimulator.loopMultiplier(inc, b);
      llr[b] = noisyPoissonLlr(s.invocations[b], l0, l0 * m, FleetSimulator.RATE_NOISE_SIGMA);
    }
    return llr;
  }

  private static double[] durationLlrs(Incident inc, FunctionSpec f, Series s) {
    double[] llr = new double[s.length()];
    for (int b = 0; b < llr.length; b++) {
      if (!underIncident(inc, b, 0) || s.geoMeanMs[b] <= 0) continue;
      llr[b] =
          logNormalShiftLlr(
              s.invocations[b] - s.timeouts[b],
              s.geoMeanMs[b],
              f.medianDurationMs,
              f.durationSpread,
              inc.magnitude);
    }
    return llr;
  }

  /**
   * Whether bucket b reports invocations (after {@code lagMs}) that started while the incident was
   * active: in minute b - lag, or b - lag - 1 for one that started late in its minute. A bucket fed
   * partly by an active minute counts under the alternative, which can only raise the maximum.
   */
  static boolean underIncident(Incident inc, int b, long lagMs) {
    int lag = (int) (lagMs / MINUTE_MS);
    return inc.activeAt(b - lag) || inc.activeAt(b - lag - 1);
  }

  /** ln P(k of n | p1) / P(k of n | p0). */
  static double binomialLlr(long n, long k, double p0, double p1) {
    return k * Math.log(p1 / p0) + (n - k) * Math.log((1 - p1) / (1 - p0));
  }

  /** ln Poisson(n; l1) / Poisson(n; l0). */
  static double poissonLlr(long n, double l0, double l1) {
    return n * Math.log(l1 / l0) - (l1 - l0);
  }

  /** Half-width (in standard deviations) and step of the noise integral's grid. */
  private static final double NOISE_RANGE = 6;

  private static final double NOISE_STEP = 0.05;

  /**
   * The simulator's count model exactly: n ~ Poisson(l W), W log-normal with median 1 and the given
   * sigma, drawn afresh each minute; ln of the ratio of the two mixtures, each integrated over W on
   * a grid of +-6 sigma (the trapezoid rule is spectrally accurate on such integrands; a count so
   * extreme that only W beyond 6 sigma explains it under l0 gets more evidence than it has, never
   * less). sigma = 0 is {@link #poissonLlr}.
   */
  static double noisyPoissonLlr(long n, double l0, double l1, double sigma) {
    if (sigma <= 0) return poissonLlr(n, l0, l1);
    return logMixture(n, l1, sigma) - logMixture(n, l0, sigma);
  }

  /** ln of sum over the grid of phi(z) dz Poisson(n; l e^(sigma z)), without the n! term. */
  private static double logMixture(long n, double l, double sigma) {
    int steps = (int) Math.round(2 * NOISE_RANGE / NOISE_STEP);
    double[] terms = new double[steps + 1];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i <= steps; i++) {
      double z = -NOISE_RANGE + i * NOISE_STEP;
      double mu = l * Math.exp(sigma * z);
      terms[i] = -z * z / 2 + n * Math.log(mu) - mu;
      max = Math.max(max, terms[i]);
    }
    double sum = 0;
    for (double t : terms) sum += Math.exp(t - max);
    return max + Math.log(sum); // the constant phi and dz factors cancel in the ratio
  }

  /**
   * Sum over n log-normal durations with geometric mean {@code geoMeanMs} of ln f1 / f0, f0 with
   * median {@code medianMs} and sigma, f1 the same shifted by x{@code factor}: n (d (xbar - mu0) -
   * d^2 / 2) / sigma^2 for d = ln factor (the mean log-duration is sufficient).
   */
  static double logNormalShiftLlr(
      long n, double geoMeanMs, double medianMs, double sigma, double factor) {
    if (n <= 0) return 0;
    double d = Math.log(factor);
    double xbar = Math.log(geoMeanMs) - Math.log(medianMs);
    return n * (d * xbar - d * d / 2) / (sigma * sigma);
  }

  /** Max over buckets [from, to] of the CUSUM S_b = max(0, S_b-1 + llr_b) started at bucket 0. */
  static double maxCusum(double[] llr, int from, int to) {
    double s = 0;
    double best = 0;
    for (int b = 0; b <= Math.min(to, llr.length - 1); b++) {
      s = Math.max(0, s + llr[b]);
      if (b >= from) best = Math.max(best, s);
    }
    return best;
  }
}
