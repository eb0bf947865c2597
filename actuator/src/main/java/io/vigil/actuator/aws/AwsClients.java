package io.vigil.actuator.aws;

import io.vigil.actuator.ActuatorConfig;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * SDK v2 clients on the JDK's URL-connection HTTP client (HTTP/1.1, small, works with kinesalite).
 * Endpoint overrides and static credentials are for local stand-ins; production uses the default
 * credential chain.
 */
public final class AwsClients {
  private AwsClients() {}

  static {
    // kinesalite does not speak CBOR; real Kinesis accepts JSON too.
    if (System.getProperty("aws.cborEnabled") == null) {
      System.setProperty("aws.cborEnabled", "false");
    }
  }

  public static LambdaClient lambda(ActuatorConfig c) {
    var b =
        LambdaClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.of(c.region))
            .credentialsProvider(credentials(c));
    if (c.lambdaEndpoint != null) b.endpointOverride(URI.create(c.lambdaEndpoint));
    return b.build();
  }

  public static KinesisClient kinesis(ActuatorConfig c) {
    var b =
        KinesisClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.of(c.region))
            .credentialsProvider(credentials(c));
    if (c.kinesisEndpoint != null) b.endpointOverride(URI.create(c.kinesisEndpoint));
    return b.build();
  }

  public static KmsClient kms(ActuatorConfig c) {
    var b =
        KmsClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.of(c.region))
            .credentialsProvider(credentials(c));
    if (c.kmsEndpoint != null) b.endpointOverride(URI.create(c.kmsEndpoint));
    return b.build();
  }

  static AwsCredentialsProvider credentials(ActuatorConfig c) {
    if (c.accessKeyId != null && c.secretAccessKey != null) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(c.accessKeyId, c.secretAccessKey));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
