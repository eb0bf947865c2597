package io.vigil.jobs;

import io.vigil.models.action.RemediationAction;
import io.vigil.models.event.DeadLetter;
import io.vigil.models.finding.Finding;
import io.vigil.models.finding.MetricBucket;
import io.vigil.operators.sink.es.EsConfig;
import io.vigil.operators.sink.es.EsSink;
import io.vigil.operators.sink.es.NetworkTrafficJoin;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The Elasticsearch / OpenSearch sinks, wired when {@code vigil.es.url} is set. */
public final class EsOutput {
  private EsOutput() {}

  /** The sink settings from the job configuration; no secret is read here. */
  public static EsConfig config(Configuration conf) {
    return EsConfig.from(conf);
  }

  static void attach(
      Configuration conf,
      DataStream<Finding> findings,
      DataStream<MetricBucket> buckets,
      DataStream<RemediationAction> actions,
      DataStream<DeadLetter> deadLetters) {
    if (conf.getOptional(VigilOptions.ES_URL).isEmpty()) return;
    EsConfig es = config(conf);
    findings
        .keyBy(f -> f.functionKey)
        .connect(buckets.keyBy(b -> b.functionKey))
        .process(new NetworkTrafficJoin())
        .uid("es-findings-traffic-join")
        .name("Findings + window traffic (ECS network fields)")
        .sinkTo(EsSink.findingsWithTraffic(es))
        .uid("sink-es-findings")
        .name("Findings -> Elasticsearch")
        .setParallelism(1);
    buckets
        .sinkTo(EsSink.metrics(es))
        .uid("sink-es-metrics")
        .name("Metrics -> Elasticsearch")
        .setParallelism(1);
    actions
        .sinkTo(EsSink.actions(es))
        .uid("sink-es-actions")
        .name("Actions -> Elasticsearch")
        .setParallelism(1);
    deadLetters
        .sinkTo(EsSink.deadLetters(es))
        .uid("sink-es-dead-letters")
        .name("Dead letters -> Elasticsearch")
        .setParallelism(1);
  }
}
