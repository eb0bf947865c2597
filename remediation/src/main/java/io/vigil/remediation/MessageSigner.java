package io.vigil.remediation;

import io.vigil.models.action.RemediationAction;

/**
 * Signs remediation messages (job side) or verifies them (actuator side) over the canonical form of
 * {@link ActionSigner#canonical}. HMAC ({@link ActionSigner}) does both with one shared key; an
 * asymmetric signer (AWS KMS) signs with a private key only KMS holds, and the actuator verifies
 * with the public key, so a compromised actuator cannot forge actions.
 */
public interface MessageSigner {
  /** Sets {@code a.signature} and returns the signed JSON message. */
  String sign(RemediationAction a);

  /** True when the JSON text carries a valid signature over its canonical form. */
  boolean verify(String json);
}
