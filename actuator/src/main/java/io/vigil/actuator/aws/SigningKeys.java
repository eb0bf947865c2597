package io.vigil.actuator.aws;

import io.vigil.actuator.ActuatorConfig;
import io.vigil.models.action.ActionSigner;
import io.vigil.models.action.MessageSigner;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * How the actuator verifies: with {@code kmsKeyId} set, the KMS key's public key (GetPublicKey,
 * once at start; asymmetric, so the actuator cannot sign). Otherwise HMAC: {@code VIGIL_HMAC_KEY}
 * when set, else the Secrets Manager secret named by {@code VIGIL_HMAC_SECRET_ID} (SecretString as
 * UTF-8, or SecretBinary). The job resolves the HMAC key the same way.
 */
public final class SigningKeys {
  public static final String SECRET_ID_ENV = "VIGIL_HMAC_SECRET_ID";

  private SigningKeys() {}

  public static MessageSigner resolve(ActuatorConfig cfg) {
    return resolve(cfg, System.getenv());
  }

  /** As {@link #resolve(ActuatorConfig)}, with the HMAC variables read from {@code env}. */
  public static MessageSigner resolve(ActuatorConfig cfg, Map<String, String> env) {
    if (cfg.kmsKeyId != null && !cfg.kmsKeyId.isEmpty()) return kmsVerifier(cfg);
    return resolve(env, cfg.region, cfg.secretsEndpoint, cfg);
  }

  /** The HMAC signer (job side, local runs). */
  public static ActionSigner hmac(ActuatorConfig cfg) {
    return resolve(System.getenv(), cfg.region, cfg.secretsEndpoint, cfg);
  }

  /** Verifier from the KMS key's public key. */
  public static PublicKeyVerifier kmsVerifier(ActuatorConfig cfg) {
    try (KmsClient kms = AwsClients.kms(cfg)) {
      GetPublicKeyResponse r = kms.getPublicKey(b -> b.keyId(cfg.kmsKeyId));
      if (!r.signingAlgorithmsAsStrings().contains(cfg.signingAlgorithm)) {
        throw new IllegalStateException(
            "KMS key " + cfg.kmsKeyId + " does not sign with " + cfg.signingAlgorithm);
      }
      return new PublicKeyVerifier(
          PublicKeyVerifier.decode(r.publicKey().asByteArray()), cfg.signingAlgorithm);
    }
  }

  static ActionSigner resolve(
      Map<String, String> env, String region, String endpoint, ActuatorConfig cfg) {
    String direct = env.get(ActionSigner.KEY_ENV);
    if (direct != null && !direct.isEmpty()) {
      return new ActionSigner(direct.getBytes(StandardCharsets.UTF_8));
    }
    String secretId = env.get(SECRET_ID_ENV);
    if (secretId == null || secretId.isEmpty()) {
      throw new IllegalStateException(
          "no HMAC key: set " + ActionSigner.KEY_ENV + " or " + SECRET_ID_ENV);
    }
    return new ActionSigner(fromSecretsManager(secretId, region, endpoint, cfg));
  }

  public static byte[] fromSecretsManager(
      String secretId, String region, String endpoint, ActuatorConfig cfg) {
    var b =
        SecretsManagerClient.builder()
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .region(Region.of(region))
            .credentialsProvider(AwsClients.credentials(cfg));
    if (endpoint != null) b.endpointOverride(URI.create(endpoint));
    try (SecretsManagerClient sm = b.build()) {
      GetSecretValueResponse r = sm.getSecretValue(x -> x.secretId(secretId));
      if (r.secretString() != null) return r.secretString().getBytes(StandardCharsets.UTF_8);
      SdkBytes bin = r.secretBinary();
      if (bin == null) throw new IllegalStateException("secret " + secretId + " is empty");
      return bin.asByteArray();
    }
  }
}
