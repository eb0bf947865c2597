package io.vigil.models.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.models.Json;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * One Kinesis record per JSON line, as {@code vigil record} captures and {@code vigil replay}
 * reads: {@code stream, shardId, partitionKey, sequenceNumber, approximateArrivalTimestamp, data}
 * (base64).
 */
public final class RecordingFormat {
  /** Bytes {@link #reader} asks the file system for at a time. */
  static final int READ_BYTES = 1 << 20;

  private RecordingFormat() {}

  /**
   * A recording file's lines, read a mebibyte per system call: a plain reader asks for 8 KiB at a
   * time (~18,000 reads per {@code vigil bench} job). Malformed UTF-8 fails the read, as with
   * {@code Files.newBufferedReader}.
   */
  public static BufferedReader reader(Path file) throws IOException {
    return new BufferedReader(
        new InputStreamReader(
            new BufferedInputStream(Files.newInputStream(file), READ_BYTES),
            StandardCharsets.UTF_8.newDecoder()));
  }

  public static String toLine(RawRecord r) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("stream", r.stream);
    n.put("shardId", r.shardId);
    n.put("partitionKey", r.partitionKey);
    n.put("sequenceNumber", r.sequenceNumber);
    n.put("approximateArrivalTimestamp", r.arrivalTimestamp);
    if (r.eventTimestamp > 0) n.put("eventTimestamp", r.eventTimestamp);
    n.put("data", Base64.getEncoder().encodeToString(r.data));
    return n.toString();
  }

  /** Parses one line; throws IllegalArgumentException naming the missing or bad field. */
  public static RawRecord fromLine(String line) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(line);
    } catch (Exception e) {
      throw new IllegalArgumentException("not a JSON line: " + e.getMessage());
    }
    if (n == null || !n.isObject()) throw new IllegalArgumentException("not a JSON object");
    String stream = text(n, "stream");
    try {
      StreamKind.valueOf(stream);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field 'stream': unknown stream '" + stream + "'");
    }
    byte[] data;
    try {
      data = Base64.getDecoder().decode(text(n, "data"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field 'data': not base64");
    }
    RawRecord r = new RawRecord();
    r.stream = stream;
    r.shardId = n.path("shardId").asText("shardId-000000000000");
    r.partitionKey = n.path("partitionKey").asText("");
    r.sequenceNumber = text(n, "sequenceNumber");
    r.arrivalTimestamp = n.path("approximateArrivalTimestamp").asLong(0);
    r.eventTimestamp = n.path("eventTimestamp").asLong(0);
    r.data = data;
    return r;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull())
      throw new IllegalArgumentException("missing field '" + field + "'");
    return v.asText();
  }
}
