package io.vigil.operators.enrich;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vigil.aws.AwsAccess;
import io.vigil.aws.AwsClients;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;

/** EC2's Query API played by WireMock: real SDK v2 requests, SigV4-signed, XML responses. */
class EniDirectoryTest {
  private WireMockServer ec2;

  private static String response(String eni, String description) {
    return "<DescribeNetworkInterfacesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
        + "<requestId>r-1</requestId><networkInterfaceSet><item>"
        + "<networkInterfaceId>"
        + eni
        + "</networkInterfaceId>"
        + "<description>"
        + description
        + "</description>"
        + "<interfaceType>lambda</interfaceType>"
        + "</item></networkInterfaceSet></DescribeNetworkInterfacesResponse>";
  }

  @BeforeEach
  void start() {
    ec2 = new WireMockServer(wireMockConfig().dynamicPort());
    ec2.start();
    ec2.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing("NetworkInterfaceId.1=eni-0a1b2c3d4e5f60718"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        response(
                            "eni-0a1b2c3d4e5f60718",
                            "AWS Lambda VPC ENI-checkout-api-7d6c3f2e-1b2a-4c5d-8e9f-0a1b2c3d4e5f"))));
    ec2.stubFor(
        post(urlEqualTo("/"))
            .withRequestBody(containing("NetworkInterfaceId.1=eni-0ffffffffffffffff"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody(
                        "<Response><Errors><Error><Code>InvalidNetworkInterfaceID.NotFound</Code>"
                            + "<Message>not found</Message></Error></Errors><RequestID>r-2</RequestID></Response>")));
  }

  @AfterEach
  void stop() {
    ec2.stop();
  }

  private EniDirectory directory(double rate) {
    return new EniDirectory(
        AwsClients.create(
            Ec2Client.builder(),
            new AwsAccess("us-east-1", ec2.baseUrl(), "AKIDEXAMPLE", "secret")),
        Duration.ofHours(1),
        100,
        rate);
  }

  @Test
  void resolvesLambdaEnisOnceAndCachesHitsAndMisses() {
    try (EniDirectory dir = directory(100)) {
      assertThat(dir.lookup("eni-0a1b2c3d4e5f60718", 0)).contains("checkout-api");
      assertThat(dir.lookup("eni-0a1b2c3d4e5f60718", 1000)).contains("checkout-api");
      assertThat(dir.lookup("eni-0ffffffffffffffff", 1000)).isEmpty();
      assertThat(dir.lookup("eni-0ffffffffffffffff", 2000)).isEmpty();
      assertThat(dir.calls()).isEqualTo(2);
      ec2.verify(
          2,
          postRequestedFor(urlEqualTo("/"))
              .withHeader(
                  "Authorization",
                  matching(
                      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\\d{8}/us-east-1/ec2/aws4_request.*"))
              .withRequestBody(containing("Action=DescribeNetworkInterfaces")));
      // Past the TTL the entry is refreshed.
      assertThat(dir.lookup("eni-0a1b2c3d4e5f60718", 3_600_001)).contains("checkout-api");
      assertThat(dir.calls()).isEqualTo(3);
    }
  }

  @Test
  void theRateLimitBoundsCallsToEc2() {
    try (EniDirectory dir = directory(1)) {
      for (int i = 0; i < 50; i++) dir.lookup("eni-" + String.format("%017x", i), 0);
      assertThat(dir.calls()).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void parsesLambdaEniDescriptions() {
    assertThat(
            EniDirectory.functionFromDescription(
                "AWS Lambda VPC ENI-my-fn-7d6c3f2e-1b2a-4c5d-8e9f-0a1b2c3d4e5f"))
        .contains("my-fn");
    assertThat(EniDirectory.functionFromDescription("AWS Lambda VPC ENI-legacy-fn"))
        .contains("legacy-fn");
    assertThat(EniDirectory.functionFromDescription("Primary network interface")).isEmpty();
    assertThat(EniDirectory.functionFromDescription(null)).isEmpty();
  }
}
