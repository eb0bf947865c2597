package io.vigil.actuator.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.models.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * Maps an {@link AuditEvent} to an ECS document of the actions index ({@code
 * <prefix>-actions-yyyy.MM} of the decision time, as the job names it). The id is a hash of the
 * whole event, so indexing the same decision again overwrites instead of duplicating.
 */
public final class AuditDocuments {
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy.MM").withZone(ZoneOffset.UTC);

  private AuditDocuments() {}

  /** One document to index. */
  public record Doc(String index, String id, String json) {}

  public static Doc of(AuditEvent e, String prefix) {
    ObjectNode d = Json.MAPPER.createObjectNode();
    d.put("@timestamp", Instant.ofEpochMilli(e.at()).toString());
    d.put("message", e.decision() + (e.detail() == null ? "" : ": " + e.detail()));
    ObjectNode event = d.putObject("event");
    event.put("kind", "event");
    event.putArray("category").add("configuration");
    event.putArray("type").add("change");
    event.put("action", e.decision());
    if (e.actionId() != null) event.put("id", e.actionId());
    event.put("module", "vigil");
    event.put("dataset", "vigil.actuator");
    if (e.functionName() != null) d.putObject("faas").put("name", e.functionName());
    if (e.principal() != null) d.putObject("user").put("name", e.principal());
    ObjectNode v = d.putObject("vigil");
    ObjectNode a = v.putObject("action");
    if (e.actionId() != null) a.put("id", e.actionId());
    if (e.type() != null) a.put("type", e.type());
    if (e.mode() != null) a.put("mode", e.mode());
    if (e.target() != null) a.put("target", e.target());
    ObjectNode dec = v.putObject("decision");
    dec.put("name", e.decision());
    if (e.principal() != null) dec.put("principal", e.principal());
    if (e.source() != null) dec.put("source", e.source());
    if (e.detail() != null) dec.put("detail", e.detail());
    return new Doc(index(prefix, e.at()), id(e), Json.write(d));
  }

  static String index(String prefix, long at) {
    return prefix + "-actions-" + MONTH.format(Instant.ofEpochMilli(at));
  }

  /** {@code decision-} and the first 128 bits of SHA-256 over the event's JSON form. */
  static String id(AuditEvent e) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(Json.write(e).getBytes(StandardCharsets.UTF_8));
      return "decision-" + HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException x) {
      throw new IllegalStateException(x);
    }
  }
}
