package io.vigil.operators.enrich;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vigil.models.finding.MetricBucket;
import io.vigil.models.policy.FunctionTag;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The async I/O step in Flink's AsyncWaitOperator against WireMock playing the Lambda API. (That
 * the API's protection keeps planning at NOTIFY downstream: PolicyDetectFunctionTest and
 * PolicyJobTest.)
 */
class FunctionLookupFunctionTest {
  private WireMockServer lambda;

  @BeforeEach
  void start() {
    // DefaultCredentialsProvider reads these first; WireMock does not check the signature.
    System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
    System.setProperty("aws.secretAccessKey", "secret");
    lambda = new WireMockServer(wireMockConfig().dynamicPort());
    lambda.start();
    lambda.stubFor(
        get(urlPathMatching("/2015-03-31/functions/.*vault/configuration"))
            .willReturn(
                okJson(
                    "{\"FunctionName\":\"vault\",\"FunctionArn\":"
                        + "\"arn:aws:lambda:us-east-1:123456789012:function:vault\","
                        + "\"MemorySize\":256,\"Timeout\":10}")));
    lambda.stubFor(
        get(urlPathMatching("/2017-03-31/tags/.*function(:|%3A)vault"))
            .willReturn(okJson("{\"Tags\":{\"vigil:protected\":\"true\",\"team\":\"core\"}}")));
    lambda.stubFor(
        get(urlPathMatching("/2015-03-31/functions/.*gone/configuration"))
            .willReturn(aResponse().withStatus(404).withBody("{\"Message\":\"not found\"}")));
  }

  @AfterEach
  void stop() {
    lambda.stop();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private static MetricBucket bucket(String fn, long t) {
    MetricBucket b = new MetricBucket();
    b.id = fn + t;
    b.functionKey = "123456789012/us-east-1/" + fn;
    b.accountId = "123456789012";
    b.region = "us-east-1";
    b.functionName = fn;
    b.bucketStart = t - 60_000;
    b.bucketEnd = t;
    return b;
  }

  @Test
  void apiTagsAndConfigurationReachBucketsInOrderAndUnreadableFunctionsPass() throws Exception {
    FunctionLookupFunction fn =
        new FunctionLookupFunction("us-east-1", lambda.baseUrl(), Duration.ofHours(1), 100);
    var serializer =
        TypeInformation.of(MetricBucket.class).createSerializer(new SerializerConfigImpl());
    List<MetricBucket> out;
    try (var h =
        new OneInputStreamOperatorTestHarness<MetricBucket, MetricBucket>(
            new AsyncWaitOperatorFactory<>(fn, 10_000, 10, AsyncDataStream.OutputMode.ORDERED),
            serializer)) {
      h.open();
      h.processElement(new StreamRecord<>(bucket("vault", 1000), 1000));
      h.processElement(new StreamRecord<>(bucket("gone", 2000), 2000));
      h.processElement(new StreamRecord<>(bucket("vault", 3000), 3000));
      h.endInput();
      out = h.extractOutputValues();
    }
    assertThat(out).extracting(b -> b.id).containsExactly("vault1000", "gone2000", "vault3000");
    for (MetricBucket vault : List.of(out.get(0), out.get(2))) {
      assertThat(FunctionTag.toMap(vault.tags))
          .isEqualTo(Map.of("team", "core", "vigil:protected", "true"));
      assertThat(vault.config.memorySizeMb).isEqualTo(256);
      assertThat(vault.config.timeoutSeconds).isEqualTo(10);
      assertThat(vault.config.vpc).isFalse();
      assertThat(vault.config.source).isEqualTo("lambda-api");
    }
    assertThat(out.get(1).tags).isNull(); // unreadable function: passed on unchanged
    assertThat(out.get(1).config).isNull();
    // One API lookup for the two vault buckets (cached).
    lambda.verify(1, getRequestedFor(urlPathMatching("/2017-03-31/tags/.*")));
  }
}
