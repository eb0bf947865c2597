package io.vigil.models.finding;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.vigil.models.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A human verdict on an incident, one JSON line in the feedback folder: {@code {"incidentId": ...,
 * "functionName": ..., "type": "ERROR_STORM", "verdict": "false-positive"|"confirmed", "until":
 * "2025-12-01T00:00:00Z"}} ({@code until} optional, false positives only). A Flink POJO; {@link
 * #untilMs} is resolved by the job (default: 24 h of event time after it arrives).
 */
public class Feedback {
  public static final String FALSE_POSITIVE = "false-positive";
  public static final String CONFIRMED = "confirmed";

  private static final Pattern INCIDENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  private static final Pattern FUNCTION = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public String incidentId;
  public String functionName;

  /** {@link FindingType} name. */
  public String type;

  /** {@link #FALSE_POSITIVE} or {@link #CONFIRMED}. */
  public String verdict;

  /** ISO-8601 instant; optional. */
  public String until;

  /** {@link #until} in epoch ms, or the job's default; 0 until resolved. Not part of the line. */
  @JsonIgnore public long untilMs;

  public Feedback() {}

  public Feedback(
      String incidentId, String functionName, String type, String verdict, String until) {
    this.incidentId = incidentId;
    this.functionName = functionName;
    this.type = type;
    this.verdict = verdict;
    this.until = until;
  }

  @JsonIgnore
  public boolean falsePositive() {
    return FALSE_POSITIVE.equals(verdict);
  }

  /** Parses and validates one line; throws IllegalArgumentException with what is wrong. */
  public static Feedback parse(String line) {
    Feedback f = Json.read(line, Feedback.class);
    f.validate();
    return f;
  }

  /** Checks every field; normalises the type to upper case. */
  public Feedback validate() {
    if (incidentId == null || !INCIDENT.matcher(incidentId).matches()) {
      throw new IllegalArgumentException(
          "incidentId: required, [A-Za-z0-9][A-Za-z0-9._:-]{0,127} (got '" + incidentId + "')");
    }
    if (functionName == null || !FUNCTION.matcher(functionName).matches()) {
      throw new IllegalArgumentException(
          "functionName: required, a Lambda function name [A-Za-z0-9_-]{1,64} (got '"
              + functionName
              + "')");
    }
    if (type == null) throw new IllegalArgumentException("type: required, a finding type");
    try {
      type = FindingType.valueOf(type.toUpperCase(Locale.ROOT)).name();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "type: must be one of "
              + java.util.Arrays.toString(FindingType.values())
              + " (got '"
              + type
              + "')");
    }
    if (!FALSE_POSITIVE.equals(verdict) && !CONFIRMED.equals(verdict)) {
      throw new IllegalArgumentException(
          "verdict: must be false-positive or confirmed (got '" + verdict + "')");
    }
    if (until != null) {
      if (!falsePositive()) {
        throw new IllegalArgumentException("until: only for false-positive verdicts");
      }
      untilMs = parseInstant(until);
    }
    return this;
  }

  static long parseInstant(String s) {
    try {
      return Instant.parse(s).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "until: must be an ISO-8601 instant like 2025-12-01T00:00:00Z (got '" + s + "')");
    }
  }

  /** The JSON line (without {@link #untilMs}). */
  public String toLine() {
    return Json.write(this);
  }
}
