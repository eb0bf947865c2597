package io.vigil.remediation;

import io.vigil.aws.AwsAccess;
import io.vigil.aws.AwsClients;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Where the keys come from, the same way on both sides of the topic. HMAC: {@code VIGIL_HMAC_KEY}
 * when set, else the Secrets Manager secret named by {@code VIGIL_HMAC_SECRET_ID} (SecretString as
 * UTF-8, or SecretBinary). KMS: the job signs with {@link KmsSigner}; the actuator verifies with
 * the key's public key (GetPublicKey, once at start; asymmetric, so the actuator cannot sign).
 */
public final class SigningKeys {
  public static final String SECRET_ID_ENV = "VIGIL_HMAC_SECRET_ID";

  private SigningKeys() {}

  /**
   * The actuator's verifier: the KMS key's public key when {@code kmsKeyId} is set, else HMAC.
   *
   * @param secretsManager where the HMAC secret is read (when not in {@code env})
   * @param kms where the public key is read (when {@code kmsKeyId} is set)
   */
  public static MessageSigner verifier(
      AwsAccess secretsManager,
      AwsAccess kms,
      String kmsKeyId,
      String algorithm,
      Map<String, String> env) {
    if (isSet(kmsKeyId)) return kmsVerifier(kms, kmsKeyId, algorithm);
    return hmac(env, secretsManager);
  }

  /** The job's signer: KMS ({@code kms:Sign}) when {@code kmsKeyId} is set, else HMAC. */
  public static MessageSigner signer(
      AwsAccess secretsManager, AwsAccess kms, String kmsKeyId, String algorithm) {
    if (isSet(kmsKeyId)) {
      return new KmsSigner(AwsClients.create(KmsClient.builder(), kms), kmsKeyId, algorithm);
    }
    return hmac(System.getenv(), secretsManager);
  }

  /** Verifier from the KMS key's public key; fails when the key does not sign with algorithm. */
  public static PublicKeyVerifier kmsVerifier(AwsAccess access, String keyId, String algorithm) {
    try (KmsClient kms = AwsClients.create(KmsClient.builder(), access)) {
      GetPublicKeyResponse r = kms.getPublicKey(b -> b.keyId(keyId));
      if (!r.signingAlgorithmsAsStrings().contains(algorithm)) {
        throw new IllegalStateException("KMS key " + keyId + " does not sign with " + algorithm);
      }
      return new PublicKeyVerifier(
          PublicKeyVerifier.decode(r.publicKey().asByteArray()), algorithm);
    }
  }

  /** The HMAC key from {@code env} ({@code VIGIL_HMAC_KEY}) or from Secrets Manager. */
  public static ActionSigner hmac(Map<String, String> env, AwsAccess secretsManager) {
    String direct = env.get(ActionSigner.KEY_ENV);
    if (isSet(direct)) return new ActionSigner(direct.getBytes(StandardCharsets.UTF_8));
    String secretId = env.get(SECRET_ID_ENV);
    if (!isSet(secretId)) {
      throw new IllegalStateException(
          "no HMAC key: set " + ActionSigner.KEY_ENV + " or " + SECRET_ID_ENV);
    }
    return new ActionSigner(fromSecretsManager(secretId, secretsManager));
  }

  public static byte[] fromSecretsManager(String secretId, AwsAccess access) {
    try (SecretsManagerClient sm = AwsClients.create(SecretsManagerClient.builder(), access)) {
      GetSecretValueResponse r = sm.getSecretValue(x -> x.secretId(secretId));
      if (r.secretString() != null) return r.secretString().getBytes(StandardCharsets.UTF_8);
      SdkBytes bin = r.secretBinary();
      if (bin == null) throw new IllegalStateException("secret " + secretId + " is empty");
      return bin.asByteArray();
    }
  }

  private static boolean isSet(String s) {
    return s != null && !s.isEmpty();
  }
}
