package io.vigil.operators.enrich;

import io.vigil.aws.AwsAccess;
import io.vigil.aws.AwsClients;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.policy.FunctionTag;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Async I/O step that puts the Lambda API's tags and configuration ({@link FunctionDirectory}:
 * cached, rate-limited) on each metric bucket, between profiling and detection. Detection merges
 * them with the GitOps manifest's ({@code PolicyDetectFunction}), so policy tag selectors match on
 * the live tags in detection and planning, and every finding carries tags and configuration to the
 * sinks and the report. A bucket whose function cannot be read (unknown, denied, throttled, rate
 * limit, timeout) passes unchanged, never dropped.
 */
public class FunctionLookupFunction extends RichAsyncFunction<MetricBucket, MetricBucket> {
  /**
   * New uid: the step used to run on findings ({@code lookup-function-tags}); a savepoint taken
   * with it enabled restores with {@code --allowNonRestoredState} (its state is in-flight records).
   */
  public static final String UID = "lookup-function-buckets";

  public static final String NAME = "Function tags and configuration via the Lambda API (async)";

  private final String region;
  private final String endpoint;
  private final Duration ttl;
  private final double permitsPerSecond;

  private transient FunctionDirectory directory;
  private transient ExecutorService executor;
  private transient Counter lookups;
  private transient Counter misses;

  public FunctionLookupFunction(
      String region, String endpoint, Duration ttl, double permitsPerSecond) {
    this.region = region;
    this.endpoint = endpoint;
    this.ttl = ttl;
    this.permitsPerSecond = permitsPerSecond;
  }

  @Override
  public void open(OpenContext openContext) {
    LambdaClient client = AwsClients.create(LambdaClient.builder(), AwsAccess.of(region, endpoint));
    directory = new FunctionDirectory(client, ttl, 10_000, permitsPerSecond);
    executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "function-lookup"));
    lookups = getRuntimeContext().getMetricGroup().counter("functionLookups");
    misses = getRuntimeContext().getMetricGroup().counter("functionLookupMisses");
    getRuntimeContext().getMetricGroup().gauge("lambdaApiCalls", () -> directory.calls());
  }

  /** The ARN the lookup asks for: the function's own account and region. */
  public static String arn(String region, String accountId, String functionName) {
    return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
  }

  @Override
  public void asyncInvoke(MetricBucket b, ResultFuture<MetricBucket> result) {
    if (b.functionName == null || b.accountId == null || b.region == null) {
      result.complete(List.of(b));
      return;
    }
    lookups.inc();
    CompletableFuture.supplyAsync(
            () ->
                directory.lookup(
                    arn(b.region, b.accountId, b.functionName), System.currentTimeMillis()),
            executor)
        .whenComplete(
            (info, error) -> {
              if (error == null && info.isPresent()) {
                b.tags = FunctionTag.of(info.get().tags());
                b.config = info.get().config();
              } else {
                misses.inc();
              }
              result.complete(List.of(b));
            });
  }

  @Override
  public void timeout(MetricBucket b, ResultFuture<MetricBucket> result) {
    result.complete(List.of(b)); // never drop a bucket because Lambda was slow
  }

  @Override
  public void close() {
    if (executor != null) executor.shutdownNow();
    if (directory != null) directory.close();
  }
}
