package io.vigil.actuator;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * WireMock standing in for the Lambda control plane, with the REST paths of the real API. Reserved
 * concurrency is stateful per function (a WireMock scenario), so reads after a PUT see the new
 * value, as in AWS.
 */
final class LambdaApiStub {
  static final String CONC_GET = "/2019-09-30/functions/%s/concurrency";
  static final String CONC_PUT = "/2017-10-31/functions/%s/concurrency";
  static final String CONFIG = "/2015-03-31/functions/%s/configuration";

  private LambdaApiStub() {}

  /** A path template filled with the function's ARN as the SDK sends it (URL-encoded colons). */
  static String path(String template, String fn) {
    return String.format(template, TestActions.arn(fn).replace(":", "%3A"));
  }

  /** Tags: empty for every function unless overridden. */
  static void noTags(WireMockServer wm) {
    wm.stubFor(
        get(urlPathMatching("/2017-03-31/tags/.*"))
            .atPriority(10)
            .willReturn(okJson("{\"Tags\":{}}")));
  }

  static void protectedFunction(WireMockServer wm, String fn) {
    wm.stubFor(
        get(urlPathMatching("/2017-03-31/tags/.*function(:|%3A)" + fn))
            .atPriority(1)
            .willReturn(okJson("{\"Tags\":{\"vigil:protected\":\"true\",\"team\":\"core\"}}")));
  }

  /** Reserved concurrency starts unset (or at {@code prior}); PUT N makes GET return N. */
  static void concurrency(WireMockServer wm, String fn, Integer prior, int target, int delayMs) {
    String scen = "conc-" + fn;
    String before = prior == null ? "{}" : "{\"ReservedConcurrentExecutions\":" + prior + "}";
    String after = "{\"ReservedConcurrentExecutions\":" + target + "}";
    wm.stubFor(
        get(urlPathEqualTo(LambdaApiStub.path(CONC_GET, fn)))
            .inScenario(scen)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(okJson(before)));
    wm.stubFor(
        get(urlPathEqualTo(LambdaApiStub.path(CONC_GET, fn)))
            .inScenario(scen)
            .whenScenarioStateIs("applied")
            .willReturn(okJson(after)));
    for (String state : new String[] {Scenario.STARTED, "applied"}) {
      wm.stubFor(
          put(urlPathEqualTo(LambdaApiStub.path(CONC_PUT, fn)))
              .inScenario(scen)
              .whenScenarioStateIs(state)
              .willSetStateTo("applied")
              .willReturn(okJson(after).withFixedDelay(delayMs)));
      wm.stubFor(
          delete(urlPathEqualTo(LambdaApiStub.path(CONC_PUT, fn)))
              .inScenario(scen)
              .whenScenarioStateIs(state)
              .willSetStateTo(Scenario.STARTED)
              .willReturn(aResponse().withStatus(204)));
    }
  }

  static void vpcFunction(WireMockServer wm, String fn, String sg) {
    String body =
        "{\"FunctionName\":\""
            + fn
            + "\",\"FunctionArn\":\""
            + TestActions.arn(fn)
            + "\",\"VpcConfig\":{\"SubnetIds\":[\"subnet-0aaa1111\"],\"SecurityGroupIds\":[\""
            + sg
            + "\"],\"VpcId\":\"vpc-1\"}}";
    wm.stubFor(get(urlPathEqualTo(LambdaApiStub.path(CONFIG, fn))).willReturn(okJson(body)));
    wm.stubFor(put(urlPathEqualTo(LambdaApiStub.path(CONFIG, fn))).willReturn(okJson(body)));
  }
}
