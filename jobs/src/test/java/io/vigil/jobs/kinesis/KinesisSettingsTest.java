package io.vigil.jobs.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.jobs.Sources;
import io.vigil.jobs.VigilOptions;
import io.vigil.models.event.StreamKind;
import io.vigil.operators.source.KinesisSources;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The vigil.kinesis.* options map onto the source settings; bad values name the option. */
class KinesisSettingsTest {
  @Test
  void defaults() {
    KinesisSources.Settings s = Sources.kinesisSettings(new Configuration());
    assertThat(s.streams)
        .containsEntry(StreamKind.LAMBDA_LOGS, "vigil-lambda-logs")
        .containsEntry(StreamKind.FLOW_LOGS, "vigil-flow-logs")
        .containsEntry(StreamKind.BILLING, "vigil-billing");
    assertThat(s.outOfOrderness)
        .containsEntry(StreamKind.LAMBDA_LOGS, Duration.ofSeconds(30))
        .containsEntry(StreamKind.FLOW_LOGS, Duration.ofMinutes(10))
        .containsEntry(StreamKind.BILLING, Duration.ofMinutes(10));
    assertThat(s.initialPosition).isEqualTo(KinesisSources.InitialPosition.LATEST);
    assertThat(s.credentials).isEqualTo(KinesisSources.Credentials.DEFAULT);
    assertThat(s.endpoint).isNull();
    assertThat(s.idleness).isEqualTo(VigilOptions.IDLENESS.defaultValue());
  }

  @Test
  void parsesPositionTimestampAndCredentialsCaseInsensitively() {
    Configuration conf = new Configuration();
    conf.set(VigilOptions.KINESIS_INITIAL_POSITION, "at_timestamp");
    conf.set(VigilOptions.KINESIS_INITIAL_TIMESTAMP, "2025-11-20T00:00:00Z");
    conf.set(VigilOptions.KINESIS_CREDENTIALS, "Profile");
    conf.set(VigilOptions.KINESIS_PROFILE, "prod");
    conf.set(VigilOptions.KINESIS_BILLING_OUT_OF_ORDERNESS, Duration.ofHours(2));
    KinesisSources.Settings s = Sources.kinesisSettings(conf);
    assertThat(s.initialPosition).isEqualTo(KinesisSources.InitialPosition.AT_TIMESTAMP);
    assertThat(s.initialTimestamp).isEqualTo(Instant.parse("2025-11-20T00:00:00Z"));
    assertThat(s.credentials).isEqualTo(KinesisSources.Credentials.PROFILE);
    assertThat(s.profile).isEqualTo("prod");
    assertThat(s.outOfOrderness).containsEntry(StreamKind.BILLING, Duration.ofHours(2));
  }

  @Test
  void badValuesNameTheOption() {
    Configuration position = new Configuration();
    position.set(VigilOptions.KINESIS_INITIAL_POSITION, "EARLIEST");
    assertThatThrownBy(() -> Sources.kinesisSettings(position))
        .hasMessageContaining("vigil.kinesis.initial-position")
        .hasMessageContaining("trim_horizon");
    Configuration noTimestamp = new Configuration();
    noTimestamp.set(VigilOptions.KINESIS_INITIAL_POSITION, "AT_TIMESTAMP");
    assertThatThrownBy(() -> Sources.kinesisSettings(noTimestamp))
        .hasMessageContaining("vigil.kinesis.initial-timestamp");
    Configuration badTimestamp = new Configuration();
    badTimestamp.set(VigilOptions.KINESIS_INITIAL_TIMESTAMP, "yesterday");
    assertThatThrownBy(() -> Sources.kinesisSettings(badTimestamp))
        .hasMessageContaining("vigil.kinesis.initial-timestamp");
    Configuration credentials = new Configuration();
    credentials.set(VigilOptions.KINESIS_CREDENTIALS, "iam");
    assertThatThrownBy(() -> Sources.kinesisSettings(credentials))
        .hasMessageContaining("vigil.kinesis.credentials");
  }

  @Test
  void unknownSourceIsRejected() {
    Configuration conf = new Configuration();
    conf.set(VigilOptions.SOURCE, "kafka");
    assertThatThrownBy(
            () ->
                Sources.create(
                    org.apache.flink.streaming.api.environment.StreamExecutionEnvironment
                        .getExecutionEnvironment(),
                    conf))
        .hasMessageContaining("simulator, replay, kinesis");
  }
}
