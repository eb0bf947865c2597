package io.vigil.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import io.vigil.models.finding.FindingType;
import io.vigil.models.sim.Incident;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One labelled incident, as teams label their own past incidents: {@code
 * {"incidents":[{"id","type","function","start_ms","end_ms"}]}} (other fields ignored), {@code
 * type} a lower-case incident type such as {@code error_storm}. {@code magnitude} is kept when
 * present (simulated fleets) for the sensitivity table; NaN otherwise.
 */
public record Label(
    String id, FindingType type, String function, long startMs, long endMs, double magnitude) {

  /** Finding types that are advice about configuration, scored apart from anomalies. */
  public static boolean recommendation(FindingType t) {
    return io.vigil.models.detect.IncidentTracker.recommendation(t);
  }

  public static List<Label> read(Path file) throws IOException {
    return parse(Files.readString(file), file.toString());
  }

  static List<Label> parse(String json, String where) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + ": not JSON: " + e.getMessage(), e);
    }
    JsonNode list = root == null ? null : root.get("incidents");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(where + ": expected {\"incidents\": [...]}");
    }
    List<Label> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode n = list.get(i);
      String at = where + ": incidents[" + i + "]";
      String type = text(n, "type", at);
      FindingType t;
      try {
        t = FindingType.valueOf(type.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ".type: unknown incident type '" + type + "'");
      }
      if (t == FindingType.BUDGET_BURN) {
        throw new IllegalArgumentException(at + ".type: budget_burn is not an incident type");
      }
      long start = number(n, "start_ms", at);
      long end = number(n, "end_ms", at);
      if (end < start) throw new IllegalArgumentException(at + ": end_ms before start_ms");
      JsonNode id = n.get("id");
      JsonNode mag = n.get("magnitude");
      out.add(
          new Label(
              id == null ? Integer.toString(i) : id.asText(),
              t,
              text(n, "function", at),
              start,
              end,
              mag != null && mag.isNumber() ? mag.asDouble() : Double.NaN));
    }
    return out;
  }

  /**
   * The simulator's ground truth as labels; over-provisioning is a standing property, true from the
   * first to the last minute of the run.
   */
  public static List<Label> fromIncidents(List<Incident> incidents, long runStart, long runEnd) {
    List<Label> out = new ArrayList<>();
    int i = 0;
    for (Incident inc : incidents) {
      boolean standing = inc.type == FindingType.MEMORY_OVERPROVISIONED;
      out.add(
          new Label(
              Integer.toString(i++),
              inc.type,
              inc.function,
              standing ? runStart : inc.startEpochMs,
              standing ? runEnd : inc.endEpochMs,
              inc.magnitude));
    }
    return out;
  }

  /** The labels file text (what {@code vigil eval labelled --labels} reads). */
  public static String toJson(List<Label> labels) {
    StringBuilder sb = new StringBuilder("{\"incidents\":[\n");
    for (int i = 0; i < labels.size(); i++) {
      Label l = labels.get(i);
      sb.append(
          String.format(
              Locale.ROOT,
              "  {\"id\":\"%s\",\"type\":\"%s\",\"function\":\"%s\",\"start_ms\":%d,\"end_ms\":%d%s}%s%n",
              l.id,
              l.type.name().toLowerCase(Locale.ROOT),
              l.function,
              l.startMs,
              l.endMs,
              Double.isNaN(l.magnitude) ? "" : ",\"magnitude\":" + l.magnitude,
              i + 1 < labels.size() ? "," : ""));
    }
    return sb.append("]}\n").toString();
  }

  private static String text(JsonNode n, String field, String at) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(at + "." + field + " is required (a string)");
    }
    return v.asText();
  }

  private static long number(JsonNode n, String field, String at) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong()) {
      throw new IllegalArgumentException(at + "." + field + " is required (epoch ms)");
    }
    return v.asLong();
  }
}
