package io.vigil.operators.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.models.event.StreamKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The Kinesis settings come from typed options; a bad value is refused naming its option. */
class KinesisOptionsTest {
  @Test
  void defaultsAreTheOptionDefaults() {
    KinesisSources.Settings s = KinesisOptions.settings(new Configuration());
    assertThat(s.streams())
        .containsEntry(StreamKind.LAMBDA_LOGS, KinesisOptions.LAMBDA_STREAM.defaultValue())
        .containsEntry(StreamKind.BILLING, KinesisOptions.BILLING_STREAM.defaultValue());
    assertThat(s.outOfOrderness())
        .containsEntry(StreamKind.FLOW_LOGS, KinesisOptions.FLOW_OUT_OF_ORDERNESS.defaultValue());
    assertThat(s.region()).isEqualTo(KinesisOptions.REGION.defaultValue());
    assertThat(s.initialPosition()).isEqualTo(KinesisSources.InitialPosition.LATEST);
    assertThat(s.credentials()).isEqualTo(KinesisSources.Credentials.DEFAULT);
    assertThat(s.idleness()).isEqualTo(WatermarkOptions.IDLENESS.defaultValue());
    assertThat(s.endpoint()).isNull();
  }

  @Test
  void textValuesAreParsedCaseInsensitively() {
    KinesisSources.Settings s =
        KinesisOptions.settings(
            Configuration.fromMap(
                Map.of(
                    "vigil.kinesis.initial-position", "trim_horizon",
                    "vigil.kinesis.credentials", "PROFILE",
                    "vigil.kinesis.billing-out-of-orderness", "2 h",
                    "vigil.watermark.idleness", "45s")));
    assertThat(s.initialPosition()).isEqualTo(KinesisSources.InitialPosition.TRIM_HORIZON);
    assertThat(s.credentials()).isEqualTo(KinesisSources.Credentials.PROFILE);
    assertThat(s.outOfOrderness()).containsEntry(StreamKind.BILLING, Duration.ofHours(2));
    assertThat(s.idleness()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void atTimestampNeedsAnInstant() {
    KinesisSources.Settings s =
        KinesisOptions.settings(
            Configuration.fromMap(
                Map.of(
                    "vigil.kinesis.initial-position", "AT_TIMESTAMP",
                    "vigil.kinesis.initial-timestamp", "2025-11-20T00:00:00Z")));
    assertThat(s.initialTimestamp()).isEqualTo(Instant.parse("2025-11-20T00:00:00Z"));
    assertThatThrownBy(
            () ->
                KinesisOptions.settings(
                    Configuration.fromMap(Map.of("vigil.kinesis.initial-timestamp", "yesterday"))))
        .hasMessageContaining("vigil.kinesis.initial-timestamp");
  }

  @Test
  void unknownEnumValuesAreRejectedNamingTheOption() {
    assertThatThrownBy(
            () ->
                KinesisOptions.settings(
                    Configuration.fromMap(Map.of("vigil.kinesis.initial-position", "EARLIEST"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vigil.kinesis.initial-position")
        .hasRootCauseMessage(
            "Could not parse value for enum class"
                + " io.vigil.operators.source.KinesisSources$InitialPosition. Expected one of:"
                + " [[LATEST, TRIM_HORIZON, AT_TIMESTAMP]]");
    assertThatThrownBy(
            () ->
                KinesisOptions.settings(
                    Configuration.fromMap(Map.of("vigil.kinesis.credentials", "iam"))))
        .hasMessageContaining("vigil.kinesis.credentials");
  }

  @Test
  void settingsAreImmutable() {
    KinesisSources.Settings s = KinesisOptions.settings(new Configuration());
    assertThatThrownBy(() -> s.streams().put(StreamKind.BILLING, "other"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
