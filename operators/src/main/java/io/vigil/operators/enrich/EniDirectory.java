package io.vigil.operators.enrich;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;

/**
 * Finds which Lambda function owns an ENI through EC2 {@code DescribeNetworkInterfaces}: cached
 * (hits and misses, with a TTL and a size bound) and rate-limited, because flow logs name the same
 * few ENIs millions of times and EC2 throttles describe calls.
 */
public class EniDirectory implements AutoCloseable {
  /** {@code AWS Lambda VPC ENI-<function>-<uuid>}; older ENIs lack the UUID. */
  private static final Pattern LAMBDA_DESCRIPTION =
      Pattern.compile(
          "^AWS Lambda VPC ENI-(.+?)(-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$");

  private final Ec2Client ec2;
  private final long ttlMs;
  private final int maxEntries;
  private final double permitsPerSecond;
  private final Map<String, Entry> cache;
  private double permits;
  private long lastRefill = System.nanoTime();
  private long calls;

  private record Entry(String function, long expiresAt) {}

  public EniDirectory(Ec2Client ec2, Duration ttl, int maxEntries, double permitsPerSecond) {
    this.ec2 = ec2;
    this.ttlMs = ttl.toMillis();
    this.maxEntries = maxEntries;
    this.permitsPerSecond = permitsPerSecond;
    this.permits = Math.max(1, permitsPerSecond);
    this.cache =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > EniDirectory.this.maxEntries;
          }
        };
  }

  /** An EC2 client on the URL-connection HTTP client; {@code endpoint} may be null. */
  public static Ec2Client client(
      String region, String endpoint, AwsCredentialsProvider credentials) {
    var builder =
        Ec2Client.builder()
            .region(Region.of(region))
            .credentialsProvider(credentials)
            .httpClient(UrlConnectionHttpClient.create());
    if (endpoint != null && !endpoint.isBlank()) builder.endpointOverride(URI.create(endpoint));
    return builder.build();
  }

  /** Function name parsed from a Lambda ENI description, if it is one. */
  public static Optional<String> functionFromDescription(String description) {
    if (description == null) return Optional.empty();
    Matcher m = LAMBDA_DESCRIPTION.matcher(description);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * The owning function of the ENI, from the cache or EC2. Empty when the ENI is not a Lambda ENI,
   * unknown, or the rate limit says not now (the flow is then profiled under its ENI).
   */
  public synchronized Optional<String> lookup(String eniId, long nowMs) {
    Entry e = cache.get(eniId);
    if (e != null && e.expiresAt > nowMs) return Optional.ofNullable(e.function);
    if (!tryAcquire()) return e == null ? Optional.empty() : Optional.ofNullable(e.function);
    calls++;
    String function = null;
    try {
      var response =
          ec2.describeNetworkInterfaces(
              DescribeNetworkInterfacesRequest.builder().networkInterfaceIds(eniId).build());
      for (NetworkInterface ni : response.networkInterfaces()) {
        if (eniId.equals(ni.networkInterfaceId())) {
          function = functionFromDescription(ni.description()).orElse(null);
        }
      }
    } catch (RuntimeException ex) {
      // Unknown ENI (InvalidNetworkInterfaceID.NotFound), throttling or network: cache the miss
      // briefly so one bad ENI cannot eat the rate budget.
      cache.put(eniId, new Entry(null, nowMs + Math.min(ttlMs, 60_000)));
      return Optional.empty();
    }
    cache.put(eniId, new Entry(function, nowMs + ttlMs));
    return Optional.ofNullable(function);
  }

  /** EC2 calls made so far. */
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
    ec2.close();
  }
}
