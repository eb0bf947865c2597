package io.vigil.operators.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import java.time.Instant;
import java.util.Properties;
import org.apache.flink.streaming.connectors.kinesis.config.AWSConfigConstants;
import org.apache.flink.streaming.connectors.kinesis.config.ConsumerConfigConstants;
import org.junit.jupiter.api.Test;

class KinesisSourcesTest {
  @Test
  void propertiesCarryRegionEndpointCredentialsAndPosition() {
    KinesisSources.Settings s = new KinesisSources.Settings();
    s.region = "eu-west-1";
    s.endpoint = "http://localhost:4567";
    s.credentials = KinesisSources.Credentials.BASIC;
    s.initialPosition = KinesisSources.InitialPosition.AT_TIMESTAMP;
    s.initialTimestamp = Instant.parse("2025-11-20T00:00:01.500Z");
    Properties p = KinesisSources.properties(s);
    assertThat(p.getProperty(AWSConfigConstants.AWS_REGION)).isEqualTo("eu-west-1");
    assertThat(p.getProperty(AWSConfigConstants.AWS_ENDPOINT)).isEqualTo("http://localhost:4567");
    assertThat(p.getProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER)).isEqualTo("BASIC");
    assertThat(p.getProperty(AWSConfigConstants.AWS_ACCESS_KEY_ID)).isNotBlank();
    assertThat(p.getProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION))
        .isEqualTo("AT_TIMESTAMP");
    assertThat(p.getProperty(ConsumerConfigConstants.STREAM_INITIAL_TIMESTAMP))
        .isEqualTo("1.7635968015E9");
  }

  @Test
  void defaultsUseTheSdkChainFromLatest() {
    Properties p = KinesisSources.properties(new KinesisSources.Settings());
    assertThat(p.getProperty(AWSConfigConstants.AWS_CREDENTIALS_PROVIDER)).isEqualTo("AUTO");
    assertThat(p.getProperty(ConsumerConfigConstants.STREAM_INITIAL_POSITION)).isEqualTo("LATEST");
    assertThat(p.getProperty(AWSConfigConstants.AWS_ENDPOINT)).isNull();
  }

  @Test
  void atTimestampWithoutTimestampIsRejected() {
    KinesisSources.Settings s = new KinesisSources.Settings();
    s.initialPosition = KinesisSources.InitialPosition.AT_TIMESTAMP;
    assertThatThrownBy(() -> KinesisSources.properties(s)).hasMessageContaining("timestamp");
  }

  @Test
  void streamNamesAndArns() {
    assertThat(KinesisSources.streamName("vigil-billing")).isEqualTo("vigil-billing");
    assertThat(KinesisSources.streamName("arn:aws:kinesis:us-east-1:123456789012:stream/logs"))
        .isEqualTo("logs");
    assertThatThrownBy(() -> KinesisSources.streamName("arn:aws:kinesis:us-east-1:1:stream/"))
        .hasMessageContaining("ARN");
  }

  @Test
  void deserializerKeepsCoordinatesAndBytes() {
    RawRecord r =
        new RawRecordKinesisDeserializer(StreamKind.FLOW_LOGS)
            .deserialize(
                new byte[] {1, 2}, "eni-1", "4963", 1234L, "flows", "shardId-000000000001");
    assertThat(r.streamKind()).isEqualTo(StreamKind.FLOW_LOGS);
    assertThat(r.partitionKey).isEqualTo("eni-1");
    assertThat(r.sequenceNumber).isEqualTo("4963");
    assertThat(r.shardId).isEqualTo("shardId-000000000001");
    assertThat(r.arrivalTimestamp).isEqualTo(1234L);
    assertThat(r.data).containsExactly(1, 2);
  }

  @Test
  void timestampsAreArrivalTimes() {
    RawRecord r = new RawRecord();
    r.arrivalTimestamp = 3_600_000L;
    r.eventTimestamp = 42L;
    assertThat(new KinesisSources.ArrivalTime().extractTimestamp(r, -1)).isEqualTo(3_600_000L);
  }

  @Test
  void uidsAndNames() {
    KinesisSources.Settings s = new KinesisSources.Settings();
    s.streams.put(StreamKind.FLOW_LOGS, "arn:aws:kinesis:us-east-1:1:stream/flows");
    assertThat(KinesisSources.uid(StreamKind.LAMBDA_LOGS)).isEqualTo("source-kinesis-lambda-logs");
    assertThat(KinesisSources.name(StreamKind.FLOW_LOGS, s))
        .isEqualTo("Kinesis: VPC flow logs (flows)");
  }
}
