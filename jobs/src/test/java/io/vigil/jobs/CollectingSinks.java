package io.vigil.jobs;

import io.vigil.models.action.RemediationAction;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.operators.action.PlannedAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * {@link Sinks} that keep every output in memory, for tests of the whole job on an embedded cluster
 * (same JVM): no files to read back. Not fault tolerant: for runs without failures; the real sinks
 * have their own tests.
 */
final class CollectingSinks implements Sinks {
  private static final Map<String, Queue<Object>> RECEIVED = new ConcurrentHashMap<>();

  private final String run = UUID.randomUUID().toString();

  @Override
  public void attach(Outputs o) {
    collect(o.findings(), "findings");
    collect(o.suppressedFindings(), "suppressed-findings");
    collect(o.metrics(), "metrics");
    collect(o.actions(), "actions");
    collect(o.suppressedActions(), "suppressed-actions");
    collect(o.policyRejections(), "policy-rejections");
    collect(o.deadLetters(), "dead-letters");
  }

  List<Finding> findings() {
    return get("findings", Finding.class);
  }

  List<Finding> suppressedFindings() {
    return get("suppressed-findings", Finding.class);
  }

  List<MetricBucket> metrics() {
    return get("metrics", MetricBucket.class);
  }

  List<RemediationAction> actions() {
    return get("actions", RemediationAction.class);
  }

  List<PlannedAction> suppressedActions() {
    return get("suppressed-actions", PlannedAction.class);
  }

  List<String> policyRejections() {
    return get("policy-rejections", String.class);
  }

  List<DeadLetter> deadLetters() {
    return get("dead-letters", DeadLetter.class);
  }

  private <T> List<T> get(String output, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Object o : RECEIVED.getOrDefault(run + "/" + output, new ConcurrentLinkedQueue<>()))
      out.add(type.cast(o));
    return out;
  }

  private <T> void collect(DataStream<T> stream, String output) {
    stream.sinkTo(new Collect<>(run + "/" + output)).name(output + " (collected)");
  }

  /** Adds every element to the in-memory queue of one output of one run. */
  private static final class Collect<T> implements Sink<T> {
    private final String key;

    Collect(String key) {
      this.key = key;
    }

    @Override
    @Deprecated
    public SinkWriter<T> createWriter(InitContext context) {
      return writer();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
      return writer();
    }

    private SinkWriter<T> writer() {
      Queue<Object> queue = RECEIVED.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
      return new SinkWriter<>() {
        @Override
        public void write(T element, Context context) {
          queue.add(element);
        }

        @Override
        public void flush(boolean endOfInput) {}

        @Override
        public void close() {}
      };
    }
  }
}
