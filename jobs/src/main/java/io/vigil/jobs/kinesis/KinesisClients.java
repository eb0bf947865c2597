package io.vigil.jobs.kinesis;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * SDK v2 Kinesis clients for the CLI ({@code simulate --to kinesis}, {@code record}): the
 * URL-connection HTTP/1.1 client (kinesalite speaks no HTTP/2), optional endpoint override. With an
 * endpoint override and no {@code AWS_ACCESS_KEY_ID} in the environment, placeholder keys are used
 * (local endpoints accept any). CBOR must be off for kinesalite: {@code -Daws.cborEnabled=false},
 * which the {@code vigil} launcher sets.
 */
public final class KinesisClients {
  private KinesisClients() {}

  public static KinesisClient create(String endpoint, String region) {
    var builder =
        KinesisClient.builder()
            .region(Region.of(region))
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(30)))
            .credentialsProvider(credentials(endpoint));
    if (endpoint != null && !endpoint.isBlank()) builder.endpointOverride(URI.create(endpoint));
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(String endpoint) {
    boolean local = endpoint != null && !endpoint.isBlank();
    String key = System.getenv("AWS_ACCESS_KEY_ID");
    if (local && (key == null || key.isBlank())) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
