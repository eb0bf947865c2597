package io.vigil.operators.sink.es;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.MetricBucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** The Flink writer: time-based sends from processing-time timers, flush on checkpoint. */
class EsSinkWriterTest {
  /** Manual processing time: timers fire only when the test advances it. */
  static final class ManualTime implements ProcessingTimeService {
    long now = 1_000;
    final List<long[]> at = new ArrayList<>();
    final List<ProcessingTimeCallback> callbacks = new ArrayList<>();

    @Override
    public long getCurrentProcessingTime() {
      return now;
    }

    @Override
    public ScheduledFuture<?> registerTimer(long time, ProcessingTimeCallback callback) {
      at.add(new long[] {time});
      callbacks.add(callback);
      return null;
    }

    void advance(long ms) throws Exception {
      now += ms;
      for (int i = 0; i < callbacks.size(); i++) {
        if (at.get(i)[0] <= now && at.get(i)[0] >= 0) {
          at.get(i)[0] = -1; // fired
          callbacks.get(i).onProcessingTime(now);
        }
      }
    }
  }

  @Test
  void bufferIsSentWhenTheFlushIntervalPassesAndFlushWaitsForIt() throws Exception {
    try (FakeCluster cluster = new FakeCluster()) {
      Configuration conf = new Configuration();
      conf.set(EsOptions.URL, cluster.url());
      conf.set(EsOptions.BULK_MAX_ACTIONS, 1000);
      conf.set(EsOptions.BULK_FLUSH_INTERVAL, Duration.ofMillis(500));
      EsConfig c = EsConfig.from(conf);
      ManualTime time = new ManualTime();
      EsSink.Writer<MetricBucket> writer =
          new EsSink.Writer<>(
              c,
              EcsDocuments::metrics,
              time,
              UnregisteredMetricsGroup.createSinkWriterMetricGroup());
      try {
        writer.write(EcsDocumentsTest.bucket(), null);
        assertThat(writer.indexer().buffered()).isEqualTo(1); // not full, interval not passed
        time.advance(499);
        assertThat(writer.indexer().buffered()).isEqualTo(1);
        time.advance(1); // the timer fires: the buffer is due and is sent
        assertThat(writer.indexer().buffered()).isZero();
        assertThat(writer.indexer().bulkRequests()).isEqualTo(1);
        writer.flush(false); // and a checkpoint waits until it is acknowledged
        assertThat(cluster.requests.get()).isEqualTo(1);
        assertThat(cluster.count("vigil-metrics-2025.11")).isEqualTo(1);
      } finally {
        writer.close();
      }
    }
  }
}
