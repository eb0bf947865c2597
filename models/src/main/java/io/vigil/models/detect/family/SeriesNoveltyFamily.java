package io.vigil.models.detect.family;

import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Signal;
import io.vigil.models.detect.series.NoveltyDetector;
import io.vigil.models.detect.series.NoveltyState;
import io.vigil.models.detect.series.SeriesNovelty;
import io.vigil.models.finding.FindingType;
import io.vigil.models.finding.MetricBucket;
import java.util.List;
import java.util.Set;

/**
 * Series novelty: the ARTime-style {@link NoveltyDetector} (compact form, 16 prototypes) over each
 * function's ln(1 + invocations) and ln(median duration) per bucket (a policy's {@code
 * noveltySeries: 1} keeps the invocation series only). It emits no finding of its own: a shape the
 * function has not shown within its recent memory is evidence, not an incident type. It
 * corroborates the signals the other families raised in this bucket about the same series — volume
 * types for the invocation series, duration, timeout and cost types for the duration series — when
 * that series alarmed (a novelty outside the detector's mask) within the last window ({@code width}
 * blocks, 16 buckets): the score becomes {@code 1 - (1 - s)(1 - c/2)} for novelty confidence {@code
 * c}, so severity can rise, never fall, and a bucket without another family's signal stays silent.
 * Half weight because at 16 prototypes the detector finds novelties on NAB's ordinary data too (200
 * false detections over the 34 development series at its best threshold). False-alarm budget: none
 * added (no signal of its own). Must run after the families it corroborates. State: {@link
 * SeriesNovelty} in {@code FunctionBaseline}, 144 bytes of payload per series (~175 serialised).
 */
public final class SeriesNoveltyFamily implements DetectorFamily {
  static final NoveltyDetector.Params PARAMS = NoveltyDetector.Params.compact();

  private static final Set<FindingType> VOLUME =
      Set.of(FindingType.INVOCATION_SPIKE, FindingType.RECURSIVE_LOOP);
  private static final Set<FindingType> DURATION =
      Set.of(FindingType.DURATION_REGRESSION, FindingType.TIMEOUT_STORM, FindingType.COST_SPIKE);

  private final float[] scratch = new float[PARAMS.width()];

  @Override
  public String name() {
    return "series";
  }

  @Override
  public void evaluate(MetricBucket b, FunctionBaseline s, BucketContext ctx, List<Signal> out) {
    if (s.seriesNovelty == null) s.seriesNovelty = SeriesNovelty.create(); // restored older state
    SeriesNovelty st = s.seriesNovelty;
    st.completeRestored();
    st.watchDuration(ctx.cfg.noveltySeries >= 2);
    NoveltyDetector.step(PARAMS, st.invocations, scratch, Math.log1p(b.invocations));
    corroborate(out, VOLUME, recentConfidence(st.invocations), "invocation");
    if (st.duration == null) return;
    if (b.invocations > 0 && b.durationP50Ms > 0) {
      NoveltyDetector.step(PARAMS, st.duration, scratch, Math.log(b.durationP50Ms));
    }
    corroborate(out, DURATION, recentConfidence(st.duration), "duration");
  }

  /** Confidence of the series' last alarm if it lies within the last window, else 0. */
  static double recentConfidence(NoveltyState st) {
    return NoveltyDetector.recentAlarmConfidence(PARAMS, st, PARAMS.width());
  }

  private static void corroborate(
      List<Signal> out, Set<FindingType> types, double confidence, String series) {
    if (!(confidence > 0)) return;
    for (int i = 0; i < out.size(); i++) {
      Signal g = out.get(i);
      if (!types.contains(g.type())) continue;
      double score = 1 - (1 - g.score()) * (1 - confidence / 2);
      out.set(
          i,
          new Signal(
              g.type(),
              g.detector(),
              score,
              g.observed(),
              g.expected(),
              g.unit(),
              g.impactUsdPerHour(),
              g.destinationIp(),
              g.destinationPort(),
              String.format(
                  "%s; corroborated by a novel %s pattern (novelty confidence %.2f, score %.2f"
                      + " -> %.2f)",
                  g.explanation(), series, confidence, g.score(), score)));
    }
  }
}
