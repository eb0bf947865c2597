package io.vigil.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Verifies asymmetric signatures (AWS KMS {@code ECDSA_SHA_256} or {@code
 * RSASSA_PKCS1_V1_5_SHA_256}, i.e. JDK {@code SHA256withECDSA} / {@code SHA256withRSA}) over the
 * canonical form, with the public key only: the actuator holding it cannot sign.
 */
public final class PublicKeyVerifier implements MessageSigner {
  private final PublicKey key;
  private final String jdkAlgorithm;

  public PublicKeyVerifier(PublicKey key, String kmsAlgorithm) {
    this.key = key;
    this.jdkAlgorithm = jdkAlgorithm(kmsAlgorithm);
  }

  /** A DER SubjectPublicKeyInfo (what KMS GetPublicKey returns) for EC or RSA keys. */
  public static PublicKey decode(byte[] der) {
    for (String kind : new String[] {"EC", "RSA"}) {
      try {
        return KeyFactory.getInstance(kind).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException notThisKind) {
        // try the next
      }
    }
    throw new IllegalArgumentException("not an EC or RSA public key");
  }

  static String jdkAlgorithm(String kmsAlgorithm) {
    return switch (kmsAlgorithm) {
      case "ECDSA_SHA_256" -> "SHA256withECDSA";
      case "RSASSA_PKCS1_V1_5_SHA_256" -> "SHA256withRSA";
      default ->
          throw new IllegalArgumentException("unsupported signing algorithm " + kmsAlgorithm);
    };
  }

  @Override
  public String sign(RemediationAction a) {
    throw new UnsupportedOperationException("a public key cannot sign");
  }

  @Override
  public boolean verify(String json) {
    try {
      JsonNode tree = Json.MAPPER.readTree(json);
      if (tree == null || !tree.isObject() || !tree.path("signature").isTextual()) return false;
      byte[] given = Base64.getDecoder().decode(tree.get("signature").asText());
      Signature s = Signature.getInstance(jdkAlgorithm);
      s.initVerify(key);
      s.update(ActionSigner.canonical(tree));
      return s.verify(given);
    } catch (Exception e) { // malformed JSON, base64 or signature encoding: not verified
      return false;
    }
  }
}
