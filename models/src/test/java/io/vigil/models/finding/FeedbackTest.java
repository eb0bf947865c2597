package io.vigil.models.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FeedbackTest {
  @Test
  void parsesAndRoundTrips() {
    Feedback f =
        Feedback.parse(
            "{\"incidentId\":\"i-1\",\"functionName\":\"checkout-api\",\"type\":\"error_storm\","
                + "\"verdict\":\"false-positive\",\"until\":\"2025-12-01T00:00:00Z\"}");
    assertThat(f.type).isEqualTo("ERROR_STORM");
    assertThat(f.untilMs).isEqualTo(java.time.Instant.parse("2025-12-01T00:00:00Z").toEpochMilli());
    assertThat(f.toLine())
        .isEqualTo(
            "{\"incidentId\":\"i-1\",\"functionName\":\"checkout-api\",\"type\":\"ERROR_STORM\","
                + "\"verdict\":\"false-positive\",\"until\":\"2025-12-01T00:00:00Z\"}");
  }

  @Test
  void rejectsBadFieldsClearly() {
    assertThatThrownBy(() -> new Feedback("i 1", "f", "ERROR_STORM", "confirmed", null).validate())
        .hasMessageStartingWith("incidentId:");
    assertThatThrownBy(() -> new Feedback("i", "f/x", "ERROR_STORM", "confirmed", null).validate())
        .hasMessageStartingWith("functionName:");
    assertThatThrownBy(() -> new Feedback("i", "f", "NOPE", "confirmed", null).validate())
        .hasMessageStartingWith("type: must be one of");
    assertThatThrownBy(() -> new Feedback("i", "f", "ERROR_STORM", "meh", null).validate())
        .hasMessageStartingWith("verdict:");
    assertThatThrownBy(
            () ->
                new Feedback("i", "f", "ERROR_STORM", "confirmed", "2025-12-01T00:00:00Z")
                    .validate())
        .hasMessage("until: only for false-positive verdicts");
    assertThatThrownBy(
            () -> new Feedback("i", "f", "ERROR_STORM", "false-positive", "tomorrow").validate())
        .hasMessageContaining("ISO-8601");
  }
}
