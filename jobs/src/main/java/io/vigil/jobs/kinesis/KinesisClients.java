package io.vigil.jobs.kinesis;

import io.vigil.aws.AwsAccess;
import io.vigil.aws.AwsClients;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Kinesis clients for {@code simulate --to kinesis}, {@code record} and the tests that feed the
 * job: a shorthand for {@link AwsClients}, the one client factory (HTTP/1.1 for kinesalite,
 * placeholder keys for a loopback endpoint when {@code AWS_ACCESS_KEY_ID} is unset).
 */
public final class KinesisClients {
  private KinesisClients() {}

  public static KinesisClient create(String endpoint, String region) {
    return AwsClients.create(KinesisClient.builder(), AwsAccess.of(region, endpoint));
  }
}
