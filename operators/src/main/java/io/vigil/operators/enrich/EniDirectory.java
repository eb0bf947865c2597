package io.vigil.operators.enrich;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  private final CachedLookup<String> owners;

  public EniDirectory(Ec2Client ec2, Duration ttl, int maxEntries, double permitsPerSecond) {
    this.ec2 = ec2;
    this.owners = new CachedLookup<>(ttl, maxEntries, permitsPerSecond);
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
  public Optional<String> lookup(String eniId, long nowMs) {
    return owners.get(eniId, nowMs, () -> owner(eniId));
  }

  /** The owning function per EC2, null when the ENI is not a Lambda ENI; throws on failure. */
  private String owner(String eniId) {
    var response =
        ec2.describeNetworkInterfaces(
            DescribeNetworkInterfacesRequest.builder().networkInterfaceIds(eniId).build());
    String function = null;
    for (NetworkInterface ni : response.networkInterfaces()) {
      if (eniId.equals(ni.networkInterfaceId())) {
        function = functionFromDescription(ni.description()).orElse(null);
      }
    }
    return function;
  }

  /** EC2 calls made so far. */
  public long calls() {
    return owners.calls();
  }

  @Override
  public void close() {
    ec2.close();
  }
}
