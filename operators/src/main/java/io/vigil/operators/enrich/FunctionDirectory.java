package io.vigil.operators.enrich;

import io.vigil.models.finding.FunctionConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;

/**
 * A function's tags and configuration from the Lambda API ({@code GetFunctionConfiguration}, then
 * {@code ListTags} on the ARN it returns): cached (hits and misses, with a TTL and a size bound)
 * and rate-limited like {@link EniDirectory}, because every finding of a function names it again
 * and Lambda's control plane throttles at a few calls per second.
 */
public class FunctionDirectory implements AutoCloseable {
  private final LambdaClient lambda;
  private final CachedLookup<FunctionInfo> functions;

  /** What the Lambda API says about a function; configuration fields may be null / -1. */
  public record FunctionInfo(
      String arn,
      Map<String, String> tags,
      int memorySizeMb,
      int timeoutSeconds,
      String runtime,
      String architecture,
      List<String> subnetIds,
      List<String> securityGroupIds) {
    /** The configuration as findings carry it. */
    public FunctionConfig config() {
      return FunctionConfig.of(
          memorySizeMb,
          timeoutSeconds,
          runtime,
          architecture,
          subnetIds,
          securityGroupIds,
          FunctionConfig.FROM_LAMBDA_API);
    }
  }

  public FunctionDirectory(
      LambdaClient lambda, Duration ttl, int maxEntries, double permitsPerSecond) {
    this.lambda = lambda;
    this.functions = new CachedLookup<>(ttl, maxEntries, permitsPerSecond);
  }

  /**
   * The function's tags and configuration, from the cache or the API. Empty when the function is
   * unknown, not readable, or the rate limit says not now (a stale entry is then reused). Both
   * calls must succeed: tags without configuration (or the reverse) are not cached as a hit.
   */
  public Optional<FunctionInfo> lookup(String functionArn, long nowMs) {
    return functions.get(functionArn, nowMs, () -> fetch(functionArn));
  }

  /** Both calls; throws when either fails (not found, access denied, throttled, network). */
  private FunctionInfo fetch(String functionArn) {
    GetFunctionConfigurationResponse c =
        lambda.getFunctionConfiguration(r -> r.functionName(functionArn));
    Map<String, String> tags = lambda.listTags(r -> r.resource(c.functionArn())).tags();
    return new FunctionInfo(
        c.functionArn(),
        Map.copyOf(tags),
        c.memorySize() == null ? -1 : c.memorySize(),
        c.timeout() == null ? -1 : c.timeout(),
        c.runtimeAsString(),
        c.architecturesAsStrings().isEmpty() ? null : c.architecturesAsStrings().get(0),
        c.vpcConfig() == null ? List.of() : List.copyOf(c.vpcConfig().subnetIds()),
        c.vpcConfig() == null ? List.of() : List.copyOf(c.vpcConfig().securityGroupIds()));
  }

  /** Lambda API lookups made so far (each is GetFunctionConfiguration + ListTags). */
  public long calls() {
    return functions.calls();
  }

  @Override
  public void close() {
    lambda.close();
  }
}
