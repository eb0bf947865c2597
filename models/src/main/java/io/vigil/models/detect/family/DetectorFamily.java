package io.vigil.models.detect.family;

import io.vigil.models.detect.FunctionBaseline;
import io.vigil.models.detect.Signal;
import io.vigil.models.finding.MetricBucket;
import java.util.List;

/**
 * One family of per-function detectors. It reads a closed bucket against the function's baseline,
 * appends its signals, then learns from the bucket (unless the bucket was anomalous for it, so a
 * long incident is not absorbed). Each family documents its test and false-alarm budget.
 */
public interface DetectorFamily {
  /** Short name, used as the finding's detector prefix. */
  String name();

  void evaluate(MetricBucket b, FunctionBaseline s, BucketContext ctx, List<Signal> out);
}
