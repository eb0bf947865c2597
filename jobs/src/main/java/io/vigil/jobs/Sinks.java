package io.vigil.jobs;

import io.vigil.jobs.sink.RemediationTopicSink;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.operators.action.PlannedAction;
import io.vigil.operators.sink.FindingConsoleSink;
import io.vigil.operators.sink.JsonLinesSink;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where the job's outputs go: the seam beside {@link Sources}. {@link #configured} is what the job
 * runs with (JSON lines files always; Elasticsearch, the remediation topic and the console when
 * configured); tests pass their own to collect outputs in memory.
 */
@FunctionalInterface
public interface Sinks {
  /** Attaches sinks to the job's outputs. */
  void attach(Outputs outputs);

  /** Every output stream of the job. */
  record Outputs(
      DataStream<Finding> findings,
      DataStream<Finding> suppressedFindings,
      DataStream<MetricBucket> metrics,
      DataStream<RemediationAction> actions,
      DataStream<PlannedAction> suppressedActions,
      DataStream<String> policyRejections,
      DataStream<DeadLetter> deadLetters) {}

  /** The sinks the configuration names. Uids are part of savepoint compatibility. */
  static Sinks configured(Configuration conf) {
    return outputs -> {
      String out = conf.get(VigilOptions.OUTPUT_DIR);
      files(out, outputs);
      if (conf.getOptional(VigilOptions.REMEDIATION_STREAM).isPresent()) {
        to(outputs.actions(), remediationTopic(conf), "sink-remediation-topic")
            .name("Actions -> remediation topic (Kinesis)");
      }
      EsOutput.attach(
          conf, outputs.findings(), outputs.metrics(), outputs.actions(), outputs.deadLetters());
      if (conf.get(VigilOptions.CONSOLE)) {
        to(outputs.findings(), new FindingConsoleSink(), "sink-console")
            .name("Findings -> console");
      }
    };
  }

  /** Exactly-once JSON lines files, one folder per output under {@code out}. */
  private static void files(String out, Outputs o) {
    file(o.findings(), out, "findings", "sink-findings", "Findings -> findings.jsonl");
    file(
        o.suppressedFindings(),
        out,
        "suppressed-findings",
        "sink-suppressed-findings",
        "Suppressed findings -> suppressed-findings.jsonl");
    file(o.metrics(), out, "metrics", "sink-metrics", "Metrics -> metrics.jsonl");
    file(o.actions(), out, "actions", "sink-actions", "Actions -> actions.jsonl");
    file(
        o.suppressedActions(),
        out,
        "suppressed-actions",
        "sink-suppressed-actions",
        "Actions over maxPerHour -> suppressed-actions");
    file(
        o.policyRejections(),
        out,
        "policy-rejections",
        "sink-policy-rejections",
        "Rejected policy updates -> policy-rejections.jsonl");
    file(
        o.deadLetters(),
        out,
        "dead-letters",
        "sink-dead-letters",
        "Dead letters -> dead-letters.jsonl");
  }

  private static <T> void file(DataStream<T> s, String out, String name, String uid, String label) {
    to(s, JsonLinesSink.<T>create(out, name), uid).name(label);
  }

  private static <T> org.apache.flink.streaming.api.datastream.DataStreamSink<T> to(
      DataStream<T> s, Sink<T> sink, String uid) {
    return s.sinkTo(sink).uid(uid).setParallelism(1);
  }

  private static RemediationTopicSink remediationTopic(Configuration conf) {
    return RemediationTopicSink.fromEnvironment(
        conf.get(VigilOptions.REMEDIATION_STREAM),
        conf.get(VigilOptions.REMEDIATION_REGION),
        conf.getOptional(VigilOptions.REMEDIATION_ENDPOINT).orElse(null),
        conf.getOptional(VigilOptions.REMEDIATION_AUDIENCE).orElse(null),
        conf.getOptional(VigilOptions.REMEDIATION_KMS_KEY_ID).orElse(null));
  }
}
