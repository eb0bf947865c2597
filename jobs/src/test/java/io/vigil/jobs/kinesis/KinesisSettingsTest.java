package io.vigil.jobs.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.jobs.Sources;
import io.vigil.jobs.VigilOptions;
import io.vigil.models.event.StreamKind;
import io.vigil.operators.source.KinesisSources;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The vigil.kinesis.* options, as written in a job configuration, map onto the source settings. */
class KinesisSettingsTest {
  @Test
  void defaults() {
    KinesisSources.Settings s = Sources.kinesisSettings(new Configuration());
    assertThat(s.streams())
        .containsEntry(StreamKind.LAMBDA_LOGS, "vigil-lambda-logs")
        .containsEntry(StreamKind.FLOW_LOGS, "vigil-flow-logs")
        .containsEntry(StreamKind.BILLING, "vigil-billing");
    assertThat(s.outOfOrderness())
        .containsEntry(StreamKind.LAMBDA_LOGS, Duration.ofSeconds(30))
        .containsEntry(StreamKind.FLOW_LOGS, Duration.ofMinutes(10))
        .containsEntry(StreamKind.BILLING, Duration.ofMinutes(10));
    assertThat(s.initialPosition()).isEqualTo(KinesisSources.InitialPosition.LATEST);
    assertThat(s.credentials()).isEqualTo(KinesisSources.Credentials.DEFAULT);
    assertThat(s.endpoint()).isNull();
    assertThat(s.idleness()).isEqualTo(VigilOptions.IDLENESS.defaultValue());
  }

  @Test
  void parsesPositionTimestampAndCredentialsCaseInsensitively() {
    Configuration conf =
        Configuration.fromMap(
            Map.of(
                "vigil.kinesis.initial-position", "at_timestamp",
                "vigil.kinesis.initial-timestamp", "2025-11-20T00:00:00Z",
                "vigil.kinesis.credentials", "Profile",
                "vigil.kinesis.profile", "prod",
                "vigil.kinesis.billing-out-of-orderness", "2h"));
    KinesisSources.Settings s = Sources.kinesisSettings(conf);
    assertThat(s.initialPosition()).isEqualTo(KinesisSources.InitialPosition.AT_TIMESTAMP);
    assertThat(s.initialTimestamp()).isEqualTo(Instant.parse("2025-11-20T00:00:00Z"));
    assertThat(s.credentials()).isEqualTo(KinesisSources.Credentials.PROFILE);
    assertThat(s.profile()).isEqualTo("prod");
    assertThat(s.outOfOrderness()).containsEntry(StreamKind.BILLING, Duration.ofHours(2));
  }

  @Test
  void badValuesNameTheOption() {
    assertThatThrownBy(
            () ->
                Sources.kinesisSettings(
                    Configuration.fromMap(Map.of("vigil.kinesis.initial-position", "EARLIEST"))))
        .hasMessageContaining("vigil.kinesis.initial-position")
        .hasStackTraceContaining("TRIM_HORIZON");
    assertThatThrownBy(
            () ->
                Sources.kinesisSettings(
                    Configuration.fromMap(
                        Map.of("vigil.kinesis.initial-position", "AT_TIMESTAMP"))))
        .hasMessageContaining("vigil.kinesis.initial-timestamp");
    assertThatThrownBy(
            () ->
                Sources.kinesisSettings(
                    Configuration.fromMap(Map.of("vigil.kinesis.initial-timestamp", "yesterday"))))
        .hasMessageContaining("vigil.kinesis.initial-timestamp");
    assertThatThrownBy(
            () ->
                Sources.kinesisSettings(
                    Configuration.fromMap(Map.of("vigil.kinesis.credentials", "iam"))))
        .hasMessageContaining("vigil.kinesis.credentials");
  }

  @Test
  void unknownSourceIsRejected() {
    Configuration conf = Configuration.fromMap(Map.of("vigil.source", "kafka"));
    assertThatThrownBy(
            () -> Sources.create(StreamExecutionEnvironment.getExecutionEnvironment(), conf))
        .hasMessageContaining("vigil.source")
        .hasStackTraceContaining("[simulator, kinesis, replay]");
  }
}
