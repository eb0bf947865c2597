package io.vigil.operators.enrich;

import io.vigil.models.finding.FunctionConfig;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
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
  private final long ttlMs;
  private final int maxEntries;
  private final double permitsPerSecond;
  private final Map<String, Entry> cache;
  private double permits;
  private long lastRefill = System.nanoTime();
  private long calls;

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

  private record Entry(FunctionInfo info, long expiresAt) {}

  public FunctionDirectory(
      LambdaClient lambda, Duration ttl, int maxEntries, double permitsPerSecond) {
    this.lambda = lambda;
    this.ttlMs = ttl.toMillis();
    this.maxEntries = maxEntries;
    this.permitsPerSecond = permitsPerSecond;
    this.permits = Math.max(1, permitsPerSecond);
    this.cache =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > FunctionDirectory.this.maxEntries;
          }
        };
  }

  /** A Lambda client on the URL-connection HTTP client; {@code endpoint} may be null. */
  public static LambdaClient client(
      String region, String endpoint, AwsCredentialsProvider credentials) {
    var builder =
        LambdaClient.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create());
    if (endpoint != null && !endpoint.isBlank()) builder.endpointOverride(URI.create(endpoint));
    return builder.build();
  }

  /**
   * The function's tags and configuration, from the cache or the API. Empty when the function is
   * unknown, not readable, or the rate limit says not now (a stale entry is then reused). Both
   * calls must succeed: tags without configuration (or the reverse) are not cached as a hit.
   */
  public synchronized Optional<FunctionInfo> lookup(String functionArn, long nowMs) {
    Entry e = cache.get(functionArn);
    if (e != null && e.expiresAt > nowMs) return Optional.ofNullable(e.info);
    if (!tryAcquire()) return e == null ? Optional.empty() : Optional.ofNullable(e.info);
    calls++;
    FunctionInfo info;
    try {
      GetFunctionConfigurationResponse c =
          lambda.getFunctionConfiguration(r -> r.functionName(functionArn));
      Map<String, String> tags = lambda.listTags(r -> r.resource(c.functionArn())).tags();
      info =
          new FunctionInfo(
              c.functionArn(),
              Map.copyOf(tags),
              c.memorySize() == null ? -1 : c.memorySize(),
              c.timeout() == null ? -1 : c.timeout(),
              c.runtimeAsString(),
              c.architecturesAsStrings().isEmpty() ? null : c.architecturesAsStrings().get(0),
              c.vpcConfig() == null ? List.of() : List.copyOf(c.vpcConfig().subnetIds()),
              c.vpcConfig() == null ? List.of() : List.copyOf(c.vpcConfig().securityGroupIds()));
    } catch (RuntimeException ex) {
      // Not found, access denied, throttled or network: cache the miss briefly so one bad
      // function cannot eat the rate budget.
      cache.put(functionArn, new Entry(null, nowMs + Math.min(ttlMs, 60_000)));
      return Optional.empty();
    }
    cache.put(functionArn, new Entry(info, nowMs + ttlMs));
    return Optional.of(info);
  }

  /** Lambda API lookups made so far (each is GetFunctionConfiguration + ListTags). */
  public synchronized long calls() {
    return calls;
  }

  private boolean tryAcquire() {
    long now = System.nanoTime();
    permits =
        Math.min(
            Math.max(1, permitsPerSecond), permits + (now - lastRefill) / 1e9 * permitsPerSecond);
    lastRefill = now;
    if (permits < 1) return false;
    permits -= 1;
    return true;
  }

  @Override
  public void close() {
    lambda.close();
  }
}
