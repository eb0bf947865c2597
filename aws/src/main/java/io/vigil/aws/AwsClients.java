package io.vigil.aws;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The one way Vigil builds AWS SDK v2 clients (job, actuator, CLI): any service's sync builder,
 * e.g. {@code AwsClients.create(KinesisClient.builder(), access)}, gets the JDK URL-connection HTTP
 * client (HTTP/1.1: small, and kinesalite speaks no HTTP/2; 10 s connect, 30 s read), the region,
 * the credentials of {@link #credentials} and the endpoint override, if any.
 */
public final class AwsClients {
  /** Placeholder keys for stand-ins on this machine, which accept any. */
  static final String LOCAL_KEY = "local";

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private AwsClients() {}

  static {
    // kinesalite does not speak CBOR; real Kinesis accepts JSON too.
    if (System.getProperty("aws.cborEnabled") == null) {
      System.setProperty("aws.cborEnabled", "false");
    }
  }

  /** Configures {@code builder} for {@code access} and builds the client. */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C create(
      B builder, AwsAccess access) {
    builder
        .httpClientBuilder(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(READ_TIMEOUT))
        .region(Region.of(access.region()))
        .credentialsProvider(credentials(access, System.getenv()));
    if (access.hasEndpoint()) builder.endpointOverride(URI.create(access.endpoint()));
    return builder.build();
  }

  /**
   * Static keys when given; else, for an endpoint on this machine (loopback) with no {@code
   * AWS_ACCESS_KEY_ID} in the environment, placeholder keys; else the default credential chain
   * (environment, profile, container or instance role). A remote endpoint override (e.g. a VPC
   * endpoint) keeps the default chain.
   */
  static AwsCredentialsProvider credentials(AwsAccess access, Map<String, String> env) {
    if (access.hasStaticKeys()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(access.accessKeyId(), access.secretAccessKey()));
    }
    String envKey = env.get("AWS_ACCESS_KEY_ID");
    if (isLoopback(access) && (envKey == null || envKey.isBlank())) {
      return StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCAL_KEY, LOCAL_KEY));
    }
    return DefaultCredentialsProvider.builder().build();
  }

  private static boolean isLoopback(AwsAccess access) {
    if (!access.hasEndpoint()) return false;
    String host = URI.create(access.endpoint()).getHost();
    if (host == null) return false;
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
