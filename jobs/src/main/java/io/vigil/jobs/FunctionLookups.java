package io.vigil.jobs;

import io.vigil.models.finding.MetricBucket;
import io.vigil.operators.enrich.FunctionLookupFunction;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * With {@code vigil.functions.lookup}: the Lambda API's tags and configuration on every metric
 * bucket, between profiling and detection, so detection's policy selectors, the findings, the
 * metrics and the sinks all see them. Ordered, so a function's buckets keep their order; same
 * parallelism as profiling, so the keyed partitioning holds and detection can reinterpret the
 * stream as keyed without a second shuffle.
 */
final class FunctionLookups {
  private FunctionLookups() {}

  /** {@code buckets} enriched, or unchanged when the lookup is off. */
  static SingleOutputStreamOperator<MetricBucket> onBuckets(
      SingleOutputStreamOperator<MetricBucket> buckets, Configuration conf) {
    if (!conf.get(VigilOptions.FUNCTION_LOOKUP)) return buckets;
    return AsyncDataStream.orderedWait(buckets, function(conf), 10, TimeUnit.SECONDS, 100)
        .uid(FunctionLookupFunction.UID)
        .name(FunctionLookupFunction.NAME)
        .setParallelism(buckets.getParallelism());
  }

  static FunctionLookupFunction function(Configuration conf) {
    return new FunctionLookupFunction(
        conf.get(VigilOptions.DEFAULT_REGION),
        conf.getOptional(VigilOptions.LAMBDA_ENDPOINT).orElse(null),
        conf.get(VigilOptions.FUNCTION_LOOKUP_TTL),
        conf.get(VigilOptions.FUNCTION_LOOKUP_RATE));
  }
}
