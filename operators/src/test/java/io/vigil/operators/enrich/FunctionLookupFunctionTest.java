package io.vigil.operators.enrich;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.vigil.models.action.ActionPlanner;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.finding.Finding;
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

/** The async I/O step in Flink's AsyncWaitOperator against WireMock playing the Lambda API. */
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

  private static Finding finding(String fn, long t) {
    Finding f = new Finding();
    f.id = fn + t;
    f.incidentId = "i-" + fn;
    f.type = "CRYPTO_MINING";
    f.status = "OPEN";
    f.accountId = "123456789012";
    f.region = "us-east-1";
    f.functionName = fn;
    f.windowEnd = t;
    f.explanation = "mining pool traffic";
    return f;
  }

  @Test
  void apiTagsReachFindingsInOrderAndProtectionKeepsPlanningAtNotify() throws Exception {
    FunctionLookupFunction fn =
        new FunctionLookupFunction("us-east-1", lambda.baseUrl(), Duration.ofHours(1), 100);
    var serializer = TypeInformation.of(Finding.class).createSerializer(new SerializerConfigImpl());
    List<Finding> out;
    try (var h =
        new OneInputStreamOperatorTestHarness<Finding, Finding>(
            new AsyncWaitOperatorFactory<>(fn, 10_000, 10, AsyncDataStream.OutputMode.ORDERED),
            serializer)) {
      h.open();
      Finding own = finding("vault", 1000);
      own.tags = FunctionTag.of(Map.of("team", "vault-team")); // from the manifest: wins
      h.processElement(new StreamRecord<>(own, 1000));
      h.processElement(new StreamRecord<>(finding("gone", 2000), 2000));
      h.processElement(new StreamRecord<>(finding("vault", 3000), 3000));
      h.endInput();
      out = h.extractOutputValues();
    }
    assertThat(out).extracting(f -> f.id).containsExactly("vault1000", "gone2000", "vault3000");
    assertThat(FunctionTag.toMap(out.get(0).tags))
        .isEqualTo(Map.of("team", "vault-team", "vigil:protected", "true"));
    assertThat(out.get(1).tags).isNull(); // unreadable function: passed on unchanged
    assertThat(FunctionTag.toMap(out.get(2).tags))
        .isEqualTo(Map.of("team", "core", "vigil:protected", "true"));
    // One API lookup for the two vault findings (cached).
    lambda.verify(1, getRequestedFor(urlPathMatching("/2017-03-31/tags/.*")));
    // Downstream, the API's protection keeps planning at NOTIFY.
    List<RemediationAction> planned = new ActionPlanner().plan(out.get(2));
    assertThat(planned).extracting(a -> a.type).containsExactly("NOTIFY");
  }
}
