package io.vigil.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.testkit.kinesalite.Kinesalite;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.kinesis.KinesisClient;

class AwsClientsTest {
  @Test
  void aClientFromTheFactoryTalksToALocalKinesis() throws Exception {
    try (Kinesalite kl = Kinesalite.start();
        KinesisClient kinesis =
            AwsClients.create(KinesisClient.builder(), AwsAccess.of("us-east-1", kl.endpoint()))) {
      kinesis.createStream(b -> b.streamName("factory-test").shardCount(1));
      assertThat(kinesis.listStreams().streamNames()).contains("factory-test");
    }
  }

  @Test
  void staticKeysWinOverEverythingElse() {
    AwsAccess access = new AwsAccess("eu-west-1", "https://vpce.example.com", "AKID", "s3cr3t");
    AwsCredentials c =
        AwsClients.credentials(access, Map.of("AWS_ACCESS_KEY_ID", "env")).resolveCredentials();
    assertThat(c.accessKeyId()).isEqualTo("AKID");
    assertThat(c.secretAccessKey()).isEqualTo("s3cr3t");
  }

  @Test
  void aLoopbackEndpointWithoutKeysGetsPlaceholders() {
    AwsCredentials c =
        AwsClients.credentials(AwsAccess.of("us-east-1", "http://127.0.0.1:4567"), Map.of())
            .resolveCredentials();
    assertThat(c).isEqualTo(AwsBasicCredentials.create("local", "local"));
  }

  @Test
  void remoteOrDefaultEndpointsAndEnvironmentKeysUseTheDefaultChain() {
    assertThat(AwsClients.credentials(AwsAccess.of("us-east-1", null), Map.of()))
        .isInstanceOf(DefaultCredentialsProvider.class);
    assertThat(
            AwsClients.credentials(
                AwsAccess.of("us-east-1", "https://vpce-1.kinesis.us-east-1.vpce.amazonaws.com"),
                Map.of()))
        .isInstanceOf(DefaultCredentialsProvider.class);
    assertThat(
            AwsClients.credentials(
                AwsAccess.of("us-east-1", "http://localhost:4567"),
                Map.of("AWS_ACCESS_KEY_ID", "AKIDENV")))
        .isInstanceOf(DefaultCredentialsProvider.class);
  }

  @Test
  void theSecretKeyIsNeverPrinted() {
    String shown = new AwsAccess("us-east-1", null, "AKID", "s3cr3t").toString();
    assertThat(shown).contains("AKID").doesNotContain("s3cr3t");
  }

  @Test
  void aRegionIsRequired() {
    assertThatThrownBy(() -> AwsAccess.of(" ", null)).isInstanceOf(IllegalArgumentException.class);
  }
}
