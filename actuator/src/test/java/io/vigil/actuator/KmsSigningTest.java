package io.vigil.actuator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.vigil.actuator.audit.JsonlAuditSink;
import io.vigil.actuator.aws.LambdaOps;
import io.vigil.aws.AwsClients;
import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import io.vigil.remediation.KmsSigner;
import io.vigil.remediation.PublicKeyVerifier;
import io.vigil.remediation.SigningKeys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Asymmetric signing against WireMock standing in for the AWS KMS JSON API: its Sign answers with a
 * real ECDSA P-256 signature made with a JDK key pair over the digest the SDK sent, and
 * GetPublicKey returns the DER public key. The job signs with kms:Sign; the actuator verifies with
 * the public key only.
 */
class KmsSigningTest {
  static final String KEY_ID = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef";

  /** The stand-in's Sign: signs the request's digest with the private key. */
  static final class KmsSign implements ResponseDefinitionTransformerV2 {
    final PrivateKey key;

    KmsSign(PrivateKey key) {
      this.key = key;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      try {
        JsonNode req = Json.MAPPER.readTree(event.getRequest().getBodyAsString());
        byte[] digest = Base64.getDecoder().decode(req.get("Message").asText());
        Signature s = Signature.getInstance("NONEwithECDSA"); // the digest is the input
        s.initSign(key);
        s.update(digest);
        String body =
            Json.MAPPER
                .createObjectNode()
                .put("KeyId", KEY_ID)
                .put("Signature", Base64.getEncoder().encodeToString(s.sign()))
                .put("SigningAlgorithm", "ECDSA_SHA_256")
                .toString();
        return aResponse()
            .withHeader("Content-Type", "application/x-amz-json-1.1")
            .withBody(body)
            .build();
      } catch (Exception e) {
        return aResponse().withStatus(500).withBody(e.toString()).build();
      }
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return "kms-sign";
    }
  }

  @TempDir Path dir;
  WireMockServer wm;
  KeyPair keys;
  ActuatorConfig cfg;

  @BeforeEach
  void start() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    keys = g.generateKeyPair();
    wm = new WireMockServer(options().dynamicPort().extensions(new KmsSign(keys.getPrivate())));
    wm.start();
    wm.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("TrentService.Sign"))
            .willReturn(aResponse().withTransformers("kms-sign")));
    wm.stubFor(
        post(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("TrentService.GetPublicKey"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        Json.MAPPER
                            .createObjectNode()
                            .put("KeyId", KEY_ID)
                            .put(
                                "PublicKey",
                                Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()))
                            .put("KeySpec", "ECC_NIST_P256")
                            .put("KeyUsage", "SIGN_VERIFY")
                            .set(
                                "SigningAlgorithms",
                                Json.MAPPER.createArrayNode().add("ECDSA_SHA_256"))
                            .toString())));
    LambdaApiStub.noTags(wm);
    cfg =
        ActuatorConfig.defaults()
            .with(
                o -> {
                  o.stateDir = dir;
                  o.accessKeyId = "AKIDTEST";
                  o.secretAccessKey = "secret";
                  o.accountId = TestActions.ACCOUNT;
                  o.kmsEndpoint = "http://localhost:" + wm.port();
                  o.lambdaEndpoint = o.kmsEndpoint;
                  o.kmsKeyId = KEY_ID;
                  o.dryRun = false;
                });
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  @Test
  void theJobSignsWithKmsAndTheActuatorVerifiesWithThePublicKeyOnly() throws Exception {
    LambdaApiStub.concurrency(wm, "kms-fn", null, 0, 0);
    RemediationAction a =
        TestActions.action("kms-1", "QUARANTINE", "ENFORCE", "kms-fn", System.currentTimeMillis());
    String signed;
    try (KmsClient kms = AwsClients.create(KmsClient.builder(), cfg.aws(cfg.kmsEndpoint))) {
      signed = new KmsSigner(kms, KEY_ID, "ECDSA_SHA_256").sign(a);
    }
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/"))
            .withHeader("X-Amz-Target", equalTo("TrentService.Sign"))
            .withHeader("Authorization", matching("AWS4-HMAC-SHA256 .*/kms/aws4_request.*"))
            .withRequestBody(matchingJsonPath("$.MessageType", equalTo("DIGEST"))));

    PublicKeyVerifier verifier =
        SigningKeys.kmsVerifier(cfg.aws(cfg.kmsEndpoint), KEY_ID, cfg.signingAlgorithm);
    assertThat(verifier.verify(signed)).isTrue();
    assertThat(verifier.verify(signed.replace("kms-fn", "kms-fx"))).isFalse();
    assertThat(verifier.verify(TestActions.signed(a))).isFalse(); // an HMAC signature is not one
    assertThatThrownBy(() -> verifier.sign(a)).isInstanceOf(UnsupportedOperationException.class);

    try (LambdaClient lambda = cfg.lambdaClient();
        JsonlAuditSink audit = new JsonlAuditSink(cfg.auditFile())) {
      Actuator act =
          new Actuator(
              cfg, Clock.systemUTC(), cfg.verifier(System.getenv()), new LambdaOps(lambda), audit);
      assertThat(act.handle(TestActions.signed(a))).isEqualTo(Decision.REJECTED);
      assertThat(act.handle(signed)).isEqualTo(Decision.APPLIED);
    }
  }

  @Test
  void aKeyThatDoesNotSignWithTheConfiguredAlgorithmIsRefusedAtStart() {
    cfg = cfg.with(o -> o.signingAlgorithm = "RSASSA_PKCS1_V1_5_SHA_256");
    assertThatThrownBy(
            () -> SigningKeys.kmsVerifier(cfg.aws(cfg.kmsEndpoint), KEY_ID, cfg.signingAlgorithm))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not sign with");
  }
}
