package io.vigil.operators.enrich;

import io.vigil.models.finding.Finding;
import io.vigil.models.policy.FunctionTag;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Async I/O step that adds the Lambda API's tags to findings ({@link FunctionDirectory}: cached,
 * rate-limited), between detection and planning, so policy tag selectors in planning and the ES
 * {@code labels} see the live tags. The GitOps manifest's tags (already on the finding) win over
 * the API's, except that {@code vigil:protected=true} from either side is kept: protection is never
 * lost by merging. A finding whose function cannot be read passes unchanged, never dropped.
 */
public class FunctionLookupFunction extends RichAsyncFunction<Finding, Finding> {
  public static final String UID = "lookup-function-tags";
  public static final String NAME = "Function tags via the Lambda API (async, cached)";

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
    LambdaClient client =
        FunctionDirectory.client(region, endpoint, DefaultCredentialsProvider.builder().build());
    directory = new FunctionDirectory(client, ttl, 10_000, permitsPerSecond);
    executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "function-lookup"));
    lookups = getRuntimeContext().getMetricGroup().counter("functionLookups");
    misses = getRuntimeContext().getMetricGroup().counter("functionLookupMisses");
    getRuntimeContext().getMetricGroup().gauge("lambdaApiCalls", () -> directory.calls());
  }

  /** The ARN the lookup asks for: the finding's own account and region. */
  public static String arn(Finding f) {
    return "arn:aws:lambda:" + f.region + ":" + f.accountId + ":function:" + f.functionName;
  }

  @Override
  public void asyncInvoke(Finding f, ResultFuture<Finding> result) {
    if (f.functionName == null || f.accountId == null || f.region == null) {
      result.complete(List.of(f));
      return;
    }
    lookups.inc();
    CompletableFuture.supplyAsync(
            () -> directory.lookup(arn(f), System.currentTimeMillis()), executor)
        .whenComplete(
            (info, error) -> {
              if (error == null && info.isPresent()) {
                f.tags = merge(info.get().tags(), f.tags);
              } else {
                misses.inc();
              }
              result.complete(List.of(f));
            });
  }

  /** API tags overlaid by the finding's own (manifest) tags; protection from either side stays. */
  static FunctionTag[] merge(Map<String, String> api, FunctionTag[] own) {
    Map<String, String> m = new LinkedHashMap<>(api);
    Map<String, String> mine = FunctionTag.toMap(own);
    m.putAll(mine);
    if (FunctionTag.isProtected(api) && !FunctionTag.isProtected(mine)) {
      m.put(FunctionTag.PROTECTED, api.get(FunctionTag.PROTECTED));
    }
    return FunctionTag.of(m);
  }

  @Override
  public void timeout(Finding f, ResultFuture<Finding> result) {
    result.complete(List.of(f)); // never drop a finding because Lambda was slow
  }

  @Override
  public void close() {
    if (executor != null) executor.shutdownNow();
    if (directory != null) directory.close();
  }
}
