package io.vigil.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies remediation messages with HMAC-SHA256.
 *
 * <p>Canonical form: the message as a JSON tree, the top-level {@code signature} field removed,
 * object keys sorted (recursively, by UTF-16 code unit order as {@link String#compareTo}), no
 * whitespace, nulls left out, UTF-8. Verification works on the received text, not on a re-parsed
 * POJO, so fields unknown to this version are still covered by the signature. The signature is
 * base64 (standard alphabet, padded). Comparison is constant-time ({@link MessageDigest#isEqual}).
 */
public final class ActionSigner implements MessageSigner {
  /** Environment variable holding the shared key (UTF-8 text, at least 32 bytes). */
  public static final String KEY_ENV = "VIGIL_HMAC_KEY";

  public static final int MIN_KEY_BYTES = 32;

  private static final ObjectMapper PLAIN = new ObjectMapper();
  private final byte[] key;

  public ActionSigner(byte[] key) {
    if (key == null || key.length < MIN_KEY_BYTES) {
      throw new IllegalArgumentException("HMAC key must be at least " + MIN_KEY_BYTES + " bytes");
    }
    this.key = key.clone();
  }

  /** Key from {@code VIGIL_HMAC_KEY}; fails clearly when it is unset or too short. */
  public static ActionSigner fromEnv() {
    String k = System.getenv(KEY_ENV);
    if (k == null || k.isEmpty()) {
      throw new IllegalStateException(KEY_ENV + " is not set");
    }
    return new ActionSigner(k.getBytes(StandardCharsets.UTF_8));
  }

  /** Sets {@code a.signature} and returns the signed JSON message. */
  @Override
  public String sign(RemediationAction a) {
    a.signature = null;
    JsonNode tree = Json.MAPPER.valueToTree(a);
    a.signature = signatureOf(tree);
    return Json.write(a);
  }

  /** The base64 HMAC of a message tree (its signature field ignored). */
  public String signatureOf(JsonNode message) {
    return Base64.getEncoder().encodeToString(hmac(canonical(message)));
  }

  /** True when the JSON text carries a valid signature over its canonical form. */
  @Override
  public boolean verify(String json) {
    JsonNode tree;
    try {
      tree = PLAIN.readTree(json);
    } catch (JsonProcessingException e) {
      return false;
    }
    if (tree == null || !tree.isObject()) return false;
    JsonNode sig = tree.get("signature");
    if (sig == null || !sig.isTextual()) return false;
    byte[] given;
    try {
      given = Base64.getDecoder().decode(sig.asText());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(given, hmac(canonical(tree)));
  }

  /** The canonical bytes of a message (see class comment). */
  public static byte[] canonical(JsonNode message) {
    ObjectNode copy = ((ObjectNode) message).deepCopy();
    copy.remove("signature");
    try {
      return PLAIN.writeValueAsBytes(sorted(copy));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode sorted(JsonNode n) {
    if (n.isObject()) {
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) names.add(it.next());
      Collections.sort(names);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (String name : names) {
        JsonNode v = n.get(name);
        if (v != null && !v.isNull()) out.set(name, sorted(v));
      }
      return out;
    }
    if (n.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      for (JsonNode v : n) out.add(sorted(v));
      return out;
    }
    return n;
  }

  private byte[] hmac(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Convenience for readers: the canonical form as text. */
  public static String canonicalText(String json) {
    try {
      return new String(canonical(PLAIN.readTree(json)), StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
