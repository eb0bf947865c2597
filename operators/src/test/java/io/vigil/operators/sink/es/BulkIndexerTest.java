package io.vigil.operators.sink.es;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BulkIndexerTest {
  private final FakeCluster cluster;
  private BulkIndexer indexer;

  BulkIndexerTest() throws IOException {
    cluster = new FakeCluster();
  }

  @AfterEach
  void close() throws IOException {
    if (indexer != null) indexer.close();
    cluster.close();
  }

  private BulkIndexer indexer(int maxActions, int maxInFlight) {
    Configuration conf = new Configuration();
    conf.set(EsOptions.URL, cluster.url());
    conf.set(EsOptions.BULK_MAX_ACTIONS, maxActions);
    conf.set(EsOptions.BULK_MAX_IN_FLIGHT, maxInFlight);
    conf.set(EsOptions.BULK_FLUSH_INTERVAL, Duration.ofMinutes(1));
    conf.set(EsOptions.BULK_INITIAL_BACKOFF, Duration.ofMillis(1));
    conf.set(EsOptions.BULK_MAX_BACKOFF, Duration.ofMillis(5));
    conf.set(EsOptions.BULK_MAX_RETRIES, 5);
    EsConfig c = EsConfig.from(conf);
    indexer = new BulkIndexer(EsClients.create(c, EsCredentials.NONE), c);
    return indexer;
  }

  private static EsDocument doc(String id) {
    return new EsDocument("vigil-findings-2025.11", id, "{\"n\":\"" + id + "\"}");
  }

  @Test
  void batchesByCountAndFlushWaitsForEveryDocument() throws IOException {
    BulkIndexer idx = indexer(10, 2);
    for (int i = 0; i < 95; i++) idx.add(doc("d" + i));
    idx.flush();
    assertThat(cluster.count("vigil-findings")).isEqualTo(95);
    assertThat(cluster.requests.get()).isEqualTo(10);
    assertThat(idx.acknowledged()).isEqualTo(95);
    assertThat(idx.pending()).isZero();
  }

  @Test
  void batchesByBytes() throws IOException {
    BulkIndexer idx = indexer(1000, 2);
    // ~100 bytes a document, 1 KiB a batch.
    Configuration conf = new Configuration();
    conf.set(EsOptions.URL, cluster.url());
    conf.set(EsOptions.BULK_MAX_BYTES, MemorySize.parse("1kb"));
    conf.set(EsOptions.BULK_FLUSH_INTERVAL, Duration.ofMinutes(1));
    EsConfig c = EsConfig.from(conf);
    indexer.close();
    indexer = new BulkIndexer(EsClients.create(c, EsCredentials.NONE), c);
    for (int i = 0; i < 50; i++) indexer.add(doc("d" + i));
    indexer.flush();
    assertThat(cluster.count("vigil-findings")).isEqualTo(50);
    assertThat(cluster.requests.get()).isGreaterThan(3);
    assertThat(idx).isNotNull();
  }

  @Test
  void retriesPerItem429AndDeadLettersMappingErrors() throws IOException {
    // By attempt of each id, not by request number: dead-letter requests interleave with retries.
    java.util.Map<String, Integer> attempts = new java.util.concurrent.ConcurrentHashMap<>();
    cluster.script =
        (request, index, id, source) -> {
          int attempt = attempts.merge(id, 1, Integer::sum);
          if (id.equals("bad")) return 400;
          if (id.equals("busy") && attempt <= 2) return 429;
          if (id.equals("broken") && attempt == 1) return 503;
          return 201;
        };
    BulkIndexer idx = indexer(100, 1);
    idx.add(doc("ok1"));
    idx.add(doc("busy"));
    idx.add(doc("bad"));
    idx.add(doc("broken"));
    idx.add(doc("ok2"));
    idx.flush();
    assertThat(cluster.stored)
        .containsKeys(
            "vigil-findings-2025.11/ok1",
            "vigil-findings-2025.11/ok2",
            "vigil-findings-2025.11/busy",
            "vigil-findings-2025.11/broken")
        .doesNotContainKey("vigil-findings-2025.11/bad");
    assertThat(cluster.count("vigil-dead-letters-")).isEqualTo(1);
    String deadLetter =
        cluster.stored.entrySet().stream()
            .filter(e -> e.getKey().startsWith("vigil-dead-letters-"))
            .findFirst()
            .orElseThrow()
            .getValue();
    assertThat(deadLetter)
        .contains("es-mapper_parsing_exception")
        .contains("scripted 400")
        .contains("elasticsearch:vigil-findings-2025.11");
    assertThat(idx.acknowledged()).isEqualTo(4);
    assertThat(idx.deadLettered()).isEqualTo(1);
    assertThat(idx.retries()).isEqualTo(3); // busy twice, broken once
    assertThat(idx.pending()).isZero();
  }

  @Test
  void retriesWholeRequest429And503() throws IOException {
    cluster.script =
        new FakeCluster.Script() {
          @Override
          public int status(int request, String index, String id, String source) {
            return 201;
          }

          @Override
          public int requestStatus(int request) {
            return request == 1 ? 503 : request == 2 ? 429 : 200;
          }
        };
    BulkIndexer idx = indexer(100, 1);
    for (int i = 0; i < 7; i++) idx.add(doc("d" + i));
    idx.flush();
    assertThat(cluster.count("vigil-findings")).isEqualTo(7);
    assertThat(cluster.requests.get()).isEqualTo(3);
  }

  @Test
  void authFailureFailsTheFlush() throws IOException {
    cluster.script =
        new FakeCluster.Script() {
          @Override
          public int status(int request, String index, String id, String source) {
            return 201;
          }

          @Override
          public int requestStatus(int request) {
            return 401;
          }
        };
    BulkIndexer idx = indexer(100, 1);
    idx.add(doc("d"));
    assertThatThrownBy(idx::flush).isInstanceOf(IOException.class).hasMessageContaining("401");
  }

  @Test
  void givesUpAfterMaxRetries() throws IOException {
    cluster.script = (request, index, id, source) -> 429;
    BulkIndexer idx = indexer(100, 1);
    idx.add(doc("d"));
    assertThatThrownBy(idx::flush)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("still failing after 5 retries");
  }

  @Test
  void addBlocksWhileEveryBulkSlotIsTaken() throws Exception {
    CountDownLatch received = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    cluster.script =
        (request, index, id, source) -> {
          received.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return 201;
        };
    BulkIndexer idx = indexer(1, 1);
    Thread writer =
        new Thread(
            () -> {
              try {
                idx.add(doc("first"));
                idx.add(doc("second")); // must wait: the only slot is held by "first"
              } catch (IOException e) {
                throw new RuntimeException(e);
              }
            });
    writer.start();
    assertThat(received.await(30, TimeUnit.SECONDS)).isTrue();
    while (writer.getState() != Thread.State.WAITING && writer.isAlive()) {
      Thread.onSpinWait();
    }
    assertThat(writer.isAlive()).isTrue();
    assertThat(cluster.requests.get()).isEqualTo(1);
    release.countDown();
    writer.join(30_000);
    idx.flush();
    assertThat(cluster.count("vigil-findings")).isEqualTo(2);
  }
}
