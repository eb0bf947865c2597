package io.vigil.operators.sink.es;

import io.vigil.aws.AwsAccess;
import io.vigil.aws.AwsClients;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/** Reads a secret string from AWS Secrets Manager with the default credentials chain. */
final class SecretsManagerFetcher {
  private SecretsManagerFetcher() {}

  static String fetch(String secretArn) {
    try (SecretsManagerClient client =
        AwsClients.create(
            SecretsManagerClient.builder(), AwsAccess.of(regionOf(secretArn), null))) {
      return client
          .getSecretValue(GetSecretValueRequest.builder().secretId(secretArn).build())
          .secretString();
    }
  }

  /** {@code arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME} -> REGION. */
  static String regionOf(String secretArn) {
    String[] parts = secretArn.split(":");
    if (parts.length < 7 || !"secretsmanager".equals(parts[2]) || parts[3].isBlank()) {
      throw new IllegalArgumentException("not a Secrets Manager secret ARN: " + secretArn);
    }
    return parts[3];
  }
}
