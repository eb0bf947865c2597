package io.vigil.operators.sink.es;

import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import java.util.Objects;

/** A finding and, for network findings, the metric bucket of its window (null when none). */
public class FindingWithTraffic {
  public Finding finding;
  public MetricBucket traffic;

  public FindingWithTraffic() {}

  public FindingWithTraffic(Finding finding, MetricBucket traffic) {
    this.finding = finding;
    this.traffic = traffic;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FindingWithTraffic f
        && Objects.equals(finding, f.finding)
        && Objects.equals(traffic, f.traffic);
  }

  @Override
  public int hashCode() {
    return Objects.hash(finding);
  }
}
