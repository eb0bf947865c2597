package io.vigil.operators.sink.es;

import io.vigil.models.action.RemediationAction;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import java.io.IOException;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.MetricGroup;

/**
 * Writes elements to Elasticsearch / OpenSearch through {@code _bulk} (see {@link BulkIndexer}).
 * At-least-once with idempotent overwrites: every checkpoint waits until all buffered documents are
 * acknowledged, and every document has a deterministic id and a deterministic index.
 */
public class EsSink<T> implements Sink<T> {
  private static final long serialVersionUID = 1L;

  private final EsConfig config;
  private final EcsDocuments.Mapper<T> mapper;

  public EsSink(EsConfig config, EcsDocuments.Mapper<T> mapper) {
    this.config = config;
    this.mapper = mapper;
  }

  public static EsSink<Finding> findings(EsConfig config) {
    return new EsSink<>(config, EcsDocuments::finding);
  }

  /** Findings joined with their window's traffic ({@link NetworkTrafficJoin}). */
  public static EsSink<FindingWithTraffic> findingsWithTraffic(EsConfig config) {
    return new EsSink<>(config, (f, prefix) -> EcsDocuments.finding(f.finding, f.traffic, prefix));
  }

  public static EsSink<MetricBucket> metrics(EsConfig config) {
    return new EsSink<>(config, EcsDocuments::metrics);
  }

  public static EsSink<RemediationAction> actions(EsConfig config) {
    return new EsSink<>(config, EcsDocuments::action);
  }

  public static EsSink<DeadLetter> deadLetters(EsConfig config) {
    return new EsSink<>(config, EcsDocuments::deadLetter);
  }

  @Override
  @SuppressWarnings("deprecation")
  public SinkWriter<T> createWriter(InitContext context) throws IOException {
    return new Writer<>(config, mapper, context.getProcessingTimeService(), context.metricGroup());
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
    return new Writer<>(config, mapper, context.getProcessingTimeService(), context.metricGroup());
  }

  static final class Writer<T> implements SinkWriter<T> {
    private final BulkIndexer indexer;
    private final EcsDocuments.Mapper<T> mapper;
    private final String prefix;
    private final ProcessingTimeService time;
    private final long intervalMs;
    private volatile boolean closed;

    Writer(
        EsConfig config,
        EcsDocuments.Mapper<T> mapper,
        ProcessingTimeService time,
        MetricGroup metrics) {
      this.indexer =
          new BulkIndexer(
              EsClients.create(config, EsCredentials.resolve(config, System.getenv())),
              config,
              time::getCurrentProcessingTime);
      this.mapper = mapper;
      this.prefix = config.indexPrefix();
      this.time = time;
      this.intervalMs = Math.max(10, config.flushInterval().toMillis());
      MetricGroup es = metrics.addGroup("elasticsearch");
      es.gauge("documentsAcknowledged", indexer::acknowledged);
      es.gauge("documentsDeadLettered", indexer::deadLettered);
      es.gauge("deadLetterFailures", indexer::deadLetterFailures);
      es.gauge("documentsRetried", indexer::retries);
      es.gauge("documentsPending", indexer::pending);
      schedule();
    }

    private void schedule() {
      time.registerTimer(time.getCurrentProcessingTime() + intervalMs, this::onTimer);
    }

    private void onTimer(long ts) throws IOException {
      if (closed) return;
      if (indexer.due()) indexer.sendBuffered();
      schedule();
    }

    BulkIndexer indexer() {
      return indexer;
    }

    @Override
    public void write(T element, Context context) throws IOException {
      indexer.add(mapper.map(element, prefix));
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      indexer.flush();
    }

    @Override
    public void close() throws IOException {
      closed = true;
      indexer.close();
    }
  }
}
