package io.vigil.remediation;

import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignResponse;

/**
 * Job-side signer with an AWS KMS asymmetric key: the SHA-256 of the canonical form is sent to
 * {@code kms:Sign} ({@code MessageType=DIGEST}, so messages above KMS's 4 KiB raw limit work), the
 * private key never leaves KMS. Runs in the Flink job, not in the actuator.
 */
public final class KmsSigner implements MessageSigner {
  /** The algorithm both sides use unless told otherwise (the actuator's --signing-algorithm). */
  public static final String DEFAULT_ALGORITHM = "ECDSA_SHA_256";

  private final KmsClient kms;
  private final String keyId;
  private final String algorithm;

  public KmsSigner(KmsClient kms, String keyId, String algorithm) {
    this.kms = kms;
    this.keyId = keyId;
    this.algorithm = algorithm;
  }

  @Override
  public String sign(RemediationAction a) {
    a.signature = null;
    byte[] digest = sha256(ActionSigner.canonical(Json.MAPPER.valueToTree(a)));
    SignResponse r =
        kms.sign(
            b ->
                b.keyId(keyId)
                    .message(SdkBytes.fromByteArray(digest))
                    .messageType(MessageType.DIGEST)
                    .signingAlgorithm(algorithm));
    a.signature = Base64.getEncoder().encodeToString(r.signature().asByteArray());
    return Json.write(a);
  }

  @Override
  public boolean verify(String json) {
    throw new UnsupportedOperationException("the job signs; the actuator verifies");
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
