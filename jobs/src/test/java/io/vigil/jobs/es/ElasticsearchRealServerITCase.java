package io.vigil.jobs.es;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.operators.sink.es.BulkIndexer;
import io.vigil.operators.sink.es.EcsDocuments;
import io.vigil.operators.sink.es.EsClients;
import io.vigil.operators.sink.es.EsConfig;
import io.vigil.operators.sink.es.EsCredentials;
import io.vigil.testkit.search.ForkedNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/** Against a real Elasticsearch 7.10.2 node in a forked JVM; includes the throughput benchmark. */
class ElasticsearchRealServerITCase extends RealServerTestBase {
  @Override
  ForkedNode.Kind kind() {
    return ForkedNode.Kind.ELASTICSEARCH;
  }

  /** Documents/s through the Flink sink into the local node; reported, never asserted. */
  @Test
  @Order(10)
  void benchmark() throws Exception {
    // A benchmark, not a test: run it on a quiet machine with -Dvigil.es.bench=true.
    org.junit.jupiter.api.Assumptions.assumeTrue(Boolean.getBoolean("vigil.es.bench"));
    int n = Integer.getInteger("vigil.es.bench.docs", 30_000);
    EsConfig es = EsConfig.of(node.url());
    long ms = runBuckets(es, n, Instant.parse("2020-03-01T00:00:00Z").toEpochMilli());
    refresh();
    assertThat(count("vigil-metrics-2020.03")).isEqualTo(n);
    String line =
        String.format(
            "es-sink benchmark: %d metric documents in %d ms = %.0f docs/s (job start included;"
                + " max-actions %d, max-in-flight %d, 1 sink subtask, Elasticsearch 7.10.2 local)%n",
            n, ms, n * 1000.0 / ms, es.maxActions(), es.maxInFlight());
    // The indexer alone (no Flink, no job start): the sink's own ceiling against this node.
    long start = Instant.parse("2020-04-01T00:00:00Z").toEpochMilli();
    long t0 = System.nanoTime();
    try (BulkIndexer indexer = new BulkIndexer(EsClients.create(es, EsCredentials.NONE), es)) {
      for (int i = 0; i < n; i++) indexer.add(EcsDocuments.metrics(bucket(i, start), "vigil"));
      indexer.flush();
    }
    long direct = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
    refresh();
    assertThat(count("vigil-metrics-2020.04")).isEqualTo(n);
    line +=
        String.format(
            "es-sink benchmark: BulkIndexer alone: %d documents in %d ms = %.0f docs/s%n",
            n, direct, n * 1000.0 / direct);
    System.out.print(line);
    Files.writeString(Path.of("target", "es-benchmark.txt"), line);
  }
}
