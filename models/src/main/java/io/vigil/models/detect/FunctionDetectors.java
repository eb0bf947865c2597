package io.vigil.models.detect;

import io.vigil.models.detect.family.BucketContext;
import io.vigil.models.detect.family.CostFamily;
import io.vigil.models.detect.family.DetectorFamily;
import io.vigil.models.detect.family.LatencyFamily;
import io.vigil.models.detect.family.NetworkFamily;
import io.vigil.models.detect.family.ReliabilityFamily;
import io.vigil.models.detect.family.RightSizingFamily;
import io.vigil.models.detect.family.SeriesNoveltyFamily;
import io.vigil.models.detect.family.TimeoutRightSizingFamily;
import io.vigil.models.detect.family.VolumeFamily;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.profile.PriceTable;
import io.vigil.models.settings.DetectorSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-function detector families over closed metric buckets, in order: volume (it sets the
 * seasonal expectation the others may use), reliability, latency, cost, network, right-sizing
 * (memory, timeout), series novelty (it corroborates the signals before it). Budget burn needs
 * policies and its own state; it runs beside these ({@link BudgetBurnDetector}).
 */
public final class FunctionDetectors {
  private final List<DetectorFamily> families =
      List.of(
          new VolumeFamily(),
          new ReliabilityFamily(),
          new LatencyFamily(),
          new CostFamily(),
          new NetworkFamily(),
          new RightSizingFamily(),
          new TimeoutRightSizingFamily(),
          new SeriesNoveltyFamily());
  private final DetectorSettings cfg;
  private final BucketContext ctx;

  public FunctionDetectors(DetectorSettings cfg, PriceTable prices) {
    this.cfg = cfg;
    this.ctx = new BucketContext(cfg, prices);
  }

  public List<DetectorFamily> families() {
    return families;
  }

  public List<Signal> evaluate(MetricBucket b, FunctionBaseline s) {
    List<Signal> out = new ArrayList<>(2);
    ctx.reset(b, s.buckets);
    for (DetectorFamily f : families) f.evaluate(b, s, ctx, out);
    s.buckets++;
    return out;
  }

  /** Peak x headroom, rounded up to 64 MB, at least 128 MB (Lambda's minimum). */
  public int recommendedMemory(double peakMb) {
    return RightSizingFamily.recommendedMemory(peakMb, cfg.rightsizeHeadroom);
  }
}
