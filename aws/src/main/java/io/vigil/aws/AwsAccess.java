package io.vigil.aws;

/**
 * Where and as whom one AWS service is called: the region, an optional endpoint override (a local
 * stand-in such as kinesalite or WireMock, or a VPC endpoint) and optional static keys. Without
 * static keys the SDK's default credential chain is used (see {@link AwsClients#credentials}).
 *
 * @param region AWS region, e.g. {@code us-east-1}
 * @param endpoint endpoint override URL, or null/blank for the region's public endpoint
 * @param accessKeyId static access key id, or null
 * @param secretAccessKey static secret key, or null; never printed by {@link #toString()}
 */
public record AwsAccess(
    String region, String endpoint, String accessKeyId, String secretAccessKey) {

  public AwsAccess {
    if (region == null || region.isBlank()) throw new IllegalArgumentException("region is empty");
  }

  /** The default credential chain, with an optional endpoint override. */
  public static AwsAccess of(String region, String endpoint) {
    return new AwsAccess(region, endpoint, null, null);
  }

  /** The same region and keys for another service's endpoint. */
  public AwsAccess withEndpoint(String otherEndpoint) {
    return new AwsAccess(region, otherEndpoint, accessKeyId, secretAccessKey);
  }

  boolean hasEndpoint() {
    return endpoint != null && !endpoint.isBlank();
  }

  boolean hasStaticKeys() {
    return accessKeyId != null
        && !accessKeyId.isEmpty()
        && secretAccessKey != null
        && !secretAccessKey.isEmpty();
  }

  /** Secrets never logged: the secret key is masked. */
  @Override
  public String toString() {
    return "AwsAccess[region="
        + region
        + ", endpoint="
        + endpoint
        + ", accessKeyId="
        + accessKeyId
        + ", secretAccessKey="
        + (secretAccessKey == null ? null : "***")
        + "]";
  }
}
