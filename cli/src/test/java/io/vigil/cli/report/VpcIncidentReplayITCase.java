package io.vigil.cli.report;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.Sources;
import io.vigil.jobs.VigilOptions;
import io.vigil.models.Json;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.event.FunctionKeys;
import io.vigil.models.event.RawRecord;
import io.vigil.models.event.StreamKind;
import io.vigil.models.finding.Finding;
import io.vigil.models.io.RecordingFormat;
import io.vigil.models.policy.FunctionTag;
import io.vigil.models.sim.FleetSimulator;
import io.vigil.models.sim.FunctionSpec;
import io.vigil.models.sim.SimulationConfig;
import io.vigil.operators.sink.JsonLinesFiles;
import io.vigil.operators.sink.es.EsClients;
import io.vigil.operators.sink.es.EsConfig;
import io.vigil.operators.sink.es.EsCredentials;
import io.vigil.operators.sink.es.EsSetup;
import io.vigil.testkit.search.ForkedNode;
import java.io.BufferedWriter;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Issue 15's "done when": a recording with a VPC incident (a port scan from a VPC-attached
 * function) is replayed with the Lambda API lookup on (WireMock answers each function's {@code
 * GetFunctionConfiguration} and {@code ListTags} from the simulated fleet's own spec), a policy
 * that selects by an API-only tag, and the Elasticsearch output to a real Elasticsearch 7.10.2
 * node. The scan's finding carries the function's tags and configuration in the HTML report (its
 * embedded data and the table as headless Chromium renders it) and in Elasticsearch (ECS labels,
 * vigil.function.*), and the tag-selected policy shaped its actions in planning.
 */
class VpcIncidentReplayITCase {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final Pattern REPORT_DATA =
      Pattern.compile(
          "<script type=\"application/json\" id=\"report-data\">(.*?)</script>", Pattern.DOTALL);

  static final Path SCREENSHOT = Path.of("target", "report-vpc-incident-screenshot.png");

  @TempDir Path dir;
  WireMockServer lambda;
  ForkedNode node;

  @BeforeEach
  void start() throws Exception {
    // DefaultCredentialsProvider reads these first (the MiniCluster runs in this JVM); WireMock
    // does not check signatures.
    System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
    System.setProperty("aws.secretAccessKey", "secret");
    lambda = new WireMockServer(wireMockConfig().dynamicPort());
    lambda.start();
    node = ForkedNode.start(ForkedNode.Kind.ELASTICSEARCH);
  }

  @AfterEach
  void stop() throws Exception {
    if (lambda != null) lambda.stop();
    if (node != null) node.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  /** The Lambda API of the simulated fleet: each function's real configuration, team and env. */
  void stubLambdaApi(List<FunctionSpec> fleet, String scanned) {
    for (FunctionSpec fn : fleet) {
      ObjectNode config = Json.MAPPER.createObjectNode();
      config.put("FunctionName", fn.name);
      config.put(
          "FunctionArn",
          "arn:aws:lambda:" + fn.region + ":" + fn.accountId + ":function:" + fn.name);
      config.put("MemorySize", fn.memorySizeMb);
      config.put("Timeout", fn.timeoutSeconds);
      config.put("Runtime", fn.runtime);
      config.putArray("Architectures").add(fn.architecture);
      if (fn.vpcAttached) {
        ObjectNode vpc = config.putObject("VpcConfig");
        vpc.putArray("SubnetIds").add("subnet-0a1b2c3d");
        vpc.putArray("SecurityGroupIds").add("sg-0a1b2c3d");
        vpc.put("VpcId", "vpc-0a1b2c3d");
      }
      String quoted = Pattern.quote(fn.name);
      lambda.stubFor(
          get(urlPathMatching(
                  "/2015-03-31/functions/.*function(:|%3A)" + quoted + "/configuration"))
              .willReturn(okJson(Json.write(config))));
      Map<String, String> tags = new TreeMap<>(Map.of("team", String.valueOf(fn.team)));
      if (fn.name.equals(scanned)) tags.put("env", "vpc-prod");
      lambda.stubFor(
          get(urlPathMatching("/2017-03-31/tags/.*function(:|%3A)" + quoted))
              .willReturn(okJson(Json.write(Map.of("Tags", tags)))));
    }
  }

  /** Writes the recording the replay source reads (the format of {@code vigil simulate}). */
  static void record(FleetSimulator sim, long minutes, Path out) throws Exception {
    Files.createDirectories(out);
    Map<StreamKind, BufferedWriter> writers = new EnumMap<>(StreamKind.class);
    try {
      for (StreamKind k : StreamKind.values()) {
        writers.put(k, Files.newBufferedWriter(out.resolve(k.name().toLowerCase() + ".jsonl")));
      }
      for (long m = 0; m < minutes; m++) {
        for (RawRecord r : sim.nextMinute()) {
          BufferedWriter w = writers.get(r.streamKind());
          w.write(RecordingFormat.toLine(r));
          w.newLine();
        }
      }
    } finally {
      for (BufferedWriter w : writers.values()) w.close();
    }
    Files.writeString(
        out.resolve(Sources.RECORDING_ENI_MAP), Json.write(new TreeMap<>(sim.eniToFunction())));
  }

  @Test
  void aReplayedVpcIncidentCarriesTheFunctionsTagsAndConfigurationInTheReportAndInEs()
      throws Exception {
    // The simulator puts the scan on one of its VPC-attached functions.
    Path scenario = dir.resolve("scenario.yaml");
    Files.writeString(
        scenario,
        "incidents:\n  - {type: PORT_SCAN, function: auto, startMinute: 60, durationMinutes: 15}\n");
    FleetSimulator simulator =
        new FleetSimulator(new SimulationConfig().seed(42).functions(10).scenarioPath(scenario));
    List<FunctionSpec> fleet = simulator.fleet().functions();
    String scannedName = simulator.incidents().get(0).function;
    FunctionSpec scanned =
        fleet.stream().filter(f -> f.name.equals(scannedName)).findFirst().orElseThrow();
    assertThat(scanned.vpcAttached).isTrue();
    Path recording = dir.resolve("recording");
    record(simulator, 90, recording);
    stubLambdaApi(fleet, scanned.name);
    // A policy that selects by a tag only the Lambda API knows: NOTIFY actions of that function
    // are enforced, everyone else's stay dry-run.
    Path policies = Files.createDirectories(dir.resolve("policies"));
    Files.writeString(
        policies.resolve("vpc-prod.yaml"),
        """
        apiVersion: vigil.io/v1
        kind: Policy
        metadata: {name: vpc-prod}
        spec:
          selector: {tags: {env: vpc-prod}}
          actions:
            - {finding: "*", action: NOTIFY, mode: enforce}
        """);
    EsConfig es = EsConfig.of(node.url());
    new EsSetup(EsClients.create(es, EsCredentials.NONE), "vigil", s -> {}).replicas(0).install();

    Path out = dir.resolve("out");
    Configuration conf = new Configuration();
    conf.set(VigilOptions.SOURCE, io.vigil.jobs.options.SourceOptions.Kind.REPLAY);
    conf.set(VigilOptions.REPLAY_INPUT, recording.toString());
    conf.set(VigilOptions.OUTPUT_DIR, out.toString());
    conf.set(VigilOptions.PARALLELISM, 1);
    conf.set(VigilOptions.CONSOLE, false);
    conf.set(VigilOptions.POLICY_DIR, policies.toString());
    conf.set(VigilOptions.FUNCTION_LOOKUP, true);
    conf.set(VigilOptions.LAMBDA_ENDPOINT, lambda.baseUrl());
    // A replay runs hours of fleet time in seconds: no rate limit in the way of the first lookups.
    conf.set(VigilOptions.FUNCTION_LOOKUP_RATE, 1000.0);
    conf.set(VigilOptions.ES_URL, node.url());
    LocalRunner.runBounded(conf);

    List<Finding> scans =
        JsonLinesFiles.read(out, "findings", Finding.class).stream()
            .filter(f -> f.type.equals("PORT_SCAN") && f.functionName.equals(scanned.name))
            .toList();
    assertThat(scans).as("the injected port scan is found").isNotEmpty();
    Map<String, String> expectedTags = Map.of("team", scanned.team, "env", "vpc-prod");
    for (Finding f : scans) {
      assertThat(FunctionTag.toMap(f.tags)).isEqualTo(expectedTags);
      assertThat(f.config.vpc).isTrue();
      assertThat(f.config.memorySizeMb).isEqualTo(scanned.memorySizeMb);
    }
    // Planning saw the API's tags: the policy enforced this function's NOTIFY actions only.
    List<RemediationAction> actions = JsonLinesFiles.read(out, "actions", RemediationAction.class);
    assertThat(actions)
        .filteredOn(a -> a.functionName.equals(scanned.name) && a.type.equals("NOTIFY"))
        .isNotEmpty()
        .allSatisfy(
            a -> {
              assertThat(a.mode).isEqualTo("ENFORCE");
              assertThat(FunctionTag.toMap(a.tags)).isEqualTo(expectedTags);
            });
    assertThat(actions)
        .filteredOn(a -> !a.functionName.equals(scanned.name))
        .allSatisfy(a -> assertThat(a.mode).isEqualTo("DRY_RUN"));

    // The report: its embedded data and the table as Chromium renders it.
    Path report = dir.resolve("backtest.html");
    HtmlReport.write(out, report, "VPC incident");
    String html = Files.readString(report);
    Matcher m = REPORT_DATA.matcher(html);
    assertThat(m.find()).isTrue();
    JsonNode data = Json.MAPPER.readTree(m.group(1));
    int inReport = 0;
    for (JsonNode f : data.path("findings")) {
      if (!f.path("type").asText().equals("PORT_SCAN")) continue;
      inReport++;
      assertThat(f.at("/config/vpc").asBoolean()).isTrue();
      assertThat(f.at("/config/subnetIds/0").asText()).isEqualTo("subnet-0a1b2c3d");
      assertThat(f.at("/config/memorySizeMb").asInt()).isEqualTo(scanned.memorySizeMb);
      assertThat(f.at("/config/runtime").asText()).isEqualTo(scanned.runtime);
      assertThat(FunctionTag.toMap(Json.MAPPER.treeToValue(f.path("tags"), FunctionTag[].class)))
          .isEqualTo(expectedTags);
    }
    assertThat(inReport).isEqualTo(scans.size());
    browse(report, scanned, scans.size());

    // Elasticsearch: the same findings, searchable by the tags and the configuration.
    HTTP.send(
        HttpRequest.newBuilder(URI.create(node.url() + "/vigil-*/_refresh"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    String scan = "rule.name:PORT_SCAN AND faas.name:\"" + scanned.name + "\"";
    assertThat(hits("vigil-findings-*", scan)).isEqualTo(scans.size());
    assertThat(
            hits(
                "vigil-findings-*",
                scan
                    + " AND labels.env:vpc-prod AND labels.team:\""
                    + scanned.team
                    + "\" AND vigil.function.vpc:true AND vigil.function.memory_size_mb:"
                    + scanned.memorySizeMb
                    + " AND vigil.function.runtime:\""
                    + scanned.runtime
                    + "\" AND host.architecture:\""
                    + scanned.architecture
                    + "\""))
        .isEqualTo(scans.size());
    assertThat(
            hits(
                "vigil-actions-*",
                "faas.name:\""
                    + scanned.name
                    + "\" AND labels.env:vpc-prod AND vigil.action.mode:ENFORCE"))
        .isPositive();
    assertThat(hits("vigil-metrics-*", "labels.env:vpc-prod AND vigil.function.vpc:true"))
        .as("metric buckets carry the API's tags and configuration too")
        .isPositive();
  }

  /** The findings table in headless Chromium shows the scan's tags and configuration. */
  void browse(Path report, FunctionSpec scanned, int scans) throws Exception {
    ChromeDriver driver = HtmlReportBrowserITCase.chromium(dir.resolve("chromium-profile"));
    try {
      driver.get(report.toUri().toString());
      HtmlReportBrowserITCase.waitUntilReady(driver);
      WebElement filter = driver.findElement(By.id("filter-text"));
      filter.sendKeys("env=vpc-prod");
      List<WebElement> rows = driver.findElements(By.cssSelector("#findings tbody tr"));
      assertThat(rows).as("the tag filters the table").isNotEmpty();
      long scanRows = 0;
      for (WebElement row : rows) {
        assertThat(row.findElement(By.cssSelector("td.tags-cell")).getText())
            .contains("env=vpc-prod", "team=" + scanned.team);
        assertThat(row.findElement(By.cssSelector("td.config")).getText())
            .contains(scanned.memorySizeMb + " MB", scanned.runtime, "VPC (subnet-0a1b2c3d)");
        if (row.getText().contains("PORT_SCAN")) scanRows++;
      }
      assertThat(scanRows).isEqualTo(scans);
      // The function's charts are headed by its configuration and tags.
      String key = FunctionKeys.of(scanned.accountId, scanned.region, scanned.name);
      String facts =
          driver.findElement(By.id("fn-" + key)).findElement(By.cssSelector(".fn-facts")).getText();
      assertThat(facts).contains(scanned.memorySizeMb + " MB", "VPC", "env=vpc-prod");
      // Kept as a build artifact: the filtered table with the tags and configuration columns.
      driver.executeScript(
          "document.querySelector('#findings').closest('.table-wrap').scrollLeft = 10000;"
              + "window.scrollTo(0, document.getElementById('findings-section').offsetTop)");
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.createDirectories(SCREENSHOT.getParent());
      Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      driver.quit();
    }
  }

  long hits(String index, String query) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create(
                        node.url()
                            + "/"
                            + index
                            + "/_count?q="
                            + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.MAPPER.readTree(r.body()).path("count").asLong();
  }
}
