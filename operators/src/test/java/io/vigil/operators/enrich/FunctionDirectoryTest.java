package io.vigil.operators.enrich;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vigil.aws.AwsAccess;
import io.vigil.aws.AwsClients;
import io.vigil.models.finding.FunctionConfig;
import io.vigil.models.policy.FunctionTag;
import io.vigil.operators.enrich.FunctionDirectory.FunctionInfo;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;

/** Lambda's REST-JSON API played by WireMock: real SDK v2 requests, SigV4-signed. */
class FunctionDirectoryTest {
  static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:checkout-api";
  static final String GONE = "arn:aws:lambda:us-east-1:123456789012:function:gone";

  private WireMockServer lambda;

  @BeforeEach
  void start() {
    lambda = new WireMockServer(wireMockConfig().dynamicPort());
    lambda.start();
    lambda.stubFor(
        get(urlPathMatching("/2015-03-31/functions/.*checkout-api/configuration"))
            .willReturn(
                okJson(
                    "{\"FunctionName\":\"checkout-api\",\"FunctionArn\":\""
                        + ARN
                        + "\",\"Runtime\":\"java21\",\"MemorySize\":512,\"Timeout\":3,"
                        + "\"Architectures\":[\"arm64\"],\"VpcConfig\":{\"SubnetIds\":"
                        + "[\"subnet-1\"],\"SecurityGroupIds\":[\"sg-1\"],\"VpcId\":\"vpc-1\"}}")));
    lambda.stubFor(
        get(urlPathMatching("/2017-03-31/tags/.*function(:|%3A)checkout-api"))
            .willReturn(okJson("{\"Tags\":{\"team\":\"payments\",\"vigil:protected\":\"true\"}}")));
    lambda.stubFor(
        get(urlPathMatching("/2015-03-31/functions/.*gone/configuration"))
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                    .withBody("{\"Type\":\"User\",\"Message\":\"Function not found\"}")));
  }

  @AfterEach
  void stop() {
    lambda.stop();
  }

  private FunctionDirectory directory(double rate) {
    return new FunctionDirectory(
        AwsClients.create(
            LambdaClient.builder(),
            new AwsAccess("us-east-1", lambda.baseUrl(), "AKIDEXAMPLE", "secret")),
        Duration.ofHours(1),
        100,
        rate);
  }

  @Test
  void readsTagsAndConfigurationOnceAndCachesHitsAndMisses() {
    try (FunctionDirectory dir = directory(100)) {
      FunctionInfo info = dir.lookup(ARN, 0).orElseThrow();
      assertThat(info.tags()).isEqualTo(Map.of("team", "payments", "vigil:protected", "true"));
      assertThat(info.memorySizeMb()).isEqualTo(512);
      assertThat(info.timeoutSeconds()).isEqualTo(3);
      assertThat(info.runtime()).isEqualTo("java21");
      assertThat(info.architecture()).isEqualTo("arm64");
      assertThat(info.subnetIds()).containsExactly("subnet-1");
      assertThat(info.securityGroupIds()).containsExactly("sg-1");
      FunctionConfig config = info.config();
      assertThat(config.memorySizeMb).isEqualTo(512);
      assertThat(config.timeoutSeconds).isEqualTo(3);
      assertThat(config.runtime).isEqualTo("java21");
      assertThat(config.architecture).isEqualTo("arm64");
      assertThat(config.vpc).isTrue();
      assertThat(config.subnetIds).containsExactly("subnet-1");
      assertThat(config.source).isEqualTo(FunctionConfig.FROM_LAMBDA_API);
      assertThat(dir.lookup(ARN, 1000)).contains(info);
      assertThat(dir.lookup(GONE, 1000)).isEmpty();
      assertThat(dir.lookup(GONE, 2000)).isEmpty();
      assertThat(dir.calls()).isEqualTo(2);
      lambda.verify(
          1,
          getRequestedFor(urlPathMatching("/2017-03-31/tags/.*"))
              .withHeader(
                  "Authorization",
                  matching(
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/us-east-1/lambda/aws4_request.*")));
      // Past the TTL the entry is refreshed.
      assertThat(dir.lookup(ARN, 3_600_001)).isPresent();
      assertThat(dir.calls()).isEqualTo(3);
    }
  }

  @Test
  void theRateLimitBoundsCallsToLambda() {
    try (FunctionDirectory dir = directory(1)) {
      for (int i = 0; i < 50; i++) dir.lookup(ARN.replace("checkout-api", "fn-" + i), 0);
      assertThat(dir.calls()).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void manifestTagsWinButProtectionIsNeverLost() {
    Map<String, String> own = Map.of("team", "shop", "vigil:protected", "false");
    Map<String, String> merged =
        FunctionTag.toMap(
            FunctionTag.mergeKeepingProtection(
                Map.of("team", "payments", "vigil:protected", "true", "owner", "ana"), own));
    assertThat(merged).isEqualTo(Map.of("team", "shop", "vigil:protected", "true", "owner", "ana"));
    assertThat(FunctionTag.toMap(FunctionTag.mergeKeepingProtection(Map.of("a", "1"), null)))
        .isEqualTo(Map.of("a", "1"));
    assertThat(
            FunctionTag.toMap(
                FunctionTag.mergeKeepingProtection(null, Map.of("vigil:protected", "true"))))
        .isEqualTo(Map.of("vigil:protected", "true"));
  }
}
