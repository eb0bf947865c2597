package io.vigil.operators.sink.es;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.vigil.models.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.flink.configuration.Configuration;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SigV4 against WireMock: every request the output and the setup send is signed, and the signature
 * is recomputed here from the request as received, with an independent implementation of the
 * algorithm (canonical request, string to sign, HMAC key chain). Credentials come from the SDK's
 * default chain (its first link: the aws.* system properties).
 */
class AwsSigV4Test {
  static final String KEY_ID = "AKIDEXAMPLE";
  static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final String TOKEN = "session-token-example";
  static final Pattern AUTH =
      Pattern.compile(
          "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,"
              + " ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");

  WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(wireMockConfig().dynamicPort());
    server.start();
    server.stubFor(
        any(anyUrl())
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"acknowledged\":true,\"success\":true,\"successCount\":1}")));
    System.setProperty("aws.accessKeyId", KEY_ID);
    System.setProperty("aws.secretAccessKey", SECRET);
    System.setProperty("aws.sessionToken", TOKEN);
  }

  @AfterEach
  void stop() {
    server.stop();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.sessionToken");
  }

  EsConfig config(EsConfig.SigV4Service service) {
    Configuration conf = new Configuration();
    conf.set(EsOptions.URL, "http://localhost:" + server.port());
    conf.set(EsOptions.AUTH_SIGV4_SERVICE, service);
    conf.set(EsOptions.AUTH_SIGV4_REGION, "eu-west-1");
    return EsConfig.from(conf);
  }

  @Test
  void outputRequestsCarryAValidSignatureForManagedDomains() throws Exception {
    EsConfig es = config(EsConfig.SigV4Service.ES);
    // Basic credentials are configured too: SigV4 must replace them, not be mixed with them.
    try (RestClient client = EsClients.create(es, EsCredentials.basic("u", "p"))) {
      Request bulk = new Request("POST", "/_bulk");
      bulk.addParameter("filter_path", "items.*.error");
      bulk.setEntity(
          new NStringEntity(
              "{\"index\":{\"_index\":\"vigil-findings-2025.11\",\"_id\":\"a b\"}}\n{\"x\":1}\n",
              ContentType.create("application/x-ndjson", StandardCharsets.UTF_8)));
      client.performRequest(bulk);
      client.performRequest(new Request("GET", "/"));
    }
    List<LoggedRequest> requests =
        server.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
    assertThat(requests).hasSize(2);
    for (LoggedRequest r : requests) verify(r, "es", "eu-west-1");
    LoggedRequest post =
        requests.stream().filter(r -> r.getMethod().getName().equals("POST")).findFirst().get();
    assertThat(post.getHeader("X-Amz-Security-Token")).isEqualTo(TOKEN);
    assertThat(signedHeaders(post)).contains("host", "x-amz-date", "x-amz-content-sha256");
  }

  @Test
  void serverlessSetupSignsForAossAndInstallsTemplatesOnly() throws Exception {
    EsConfig es = config(EsConfig.SigV4Service.AOSS);
    List<String> log = new ArrayList<>();
    try (RestClient client = EsClients.create(es, EsCredentials.NONE)) {
      new EsSetup(client, "vigil", log::add).sigV4(AwsSigV4.of(es)).install();
    }
    List<LoggedRequest> requests =
        server.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
    // No GET /, cluster health, ISM or settings: Serverless has none of them.
    assertThat(requests)
        .extracting(r -> r.getMethod().getName() + " " + r.getUrl())
        .containsExactlyInAnyOrder(
            "PUT /_index_template/vigil-findings",
            "PUT /_index_template/vigil-metrics",
            "PUT /_index_template/vigil-actions",
            "PUT /_index_template/vigil-dead-letters");
    for (LoggedRequest r : requests) {
      verify(r, "aoss", "eu-west-1");
      JsonNode body = Json.MAPPER.readTree(r.getBodyAsString());
      assertThat(body.at("/template").has("settings")).isFalse();
      assertThat(body.at("/template/mappings/properties").size()).isPositive();
    }
  }

  @Test
  void dashboardsImportIsSignedToo() throws Exception {
    EsConfig es = config(EsConfig.SigV4Service.ES);
    try (RestClient client = EsClients.create(es, EsCredentials.NONE)) {
      new EsSetup(client, "vigil", s -> {})
          .sigV4(AwsSigV4.of(es))
          .importKibana("http://localhost:" + server.port() + "/_dashboards", EsCredentials.NONE);
    }
    LoggedRequest r = server.getAllServeEvents().get(0).getRequest();
    assertThat(r.getUrl()).isEqualTo("/_dashboards/api/saved_objects/_import?overwrite=true");
    verify(r, "es", "eu-west-1");
    assertThat(signedHeaders(r)).contains("content-type", "osd-xsrf");
  }

  @Test
  void regionComesFromTheEndpointHost() {
    assertThat(AwsSigV4.regionOf("https://search-logs-abc123.eu-central-1.es.amazonaws.com"))
        .isEqualTo("eu-central-1");
    assertThat(AwsSigV4.regionOf("https://0123abcd.us-gov-west-1.aoss.amazonaws.com:443"))
        .isEqualTo("us-gov-west-1");
  }

  @Test
  void aSignatureOverOtherBytesDoesNotVerify() throws Exception {
    try (RestClient client =
        EsClients.create(config(EsConfig.SigV4Service.ES), EsCredentials.NONE)) {
      Request put = new Request("PUT", "/_index_template/t");
      put.setEntity(new NStringEntity("{\"a\":1}", ContentType.APPLICATION_JSON));
      client.performRequest(put);
    }
    LoggedRequest r = server.getAllServeEvents().get(0).getRequest();
    verify(r, "es", "eu-west-1");
    // The check below is the same one verify() makes: it must reject a different body.
    assertThat(expectedSignature(r, "{\"a\":2}".getBytes(StandardCharsets.UTF_8)))
        .isNotEqualTo(parts(r).group(6));
  }

  // ---- an independent SigV4 implementation, from the AWS documentation ----

  static Matcher parts(LoggedRequest r) {
    String auth = r.getHeader("Authorization");
    assertThat(auth).as("Authorization of " + r.getUrl()).isNotNull();
    Matcher m = AUTH.matcher(auth);
    assertThat(m.matches()).as(auth).isTrue();
    return m;
  }

  static List<String> signedHeaders(LoggedRequest r) {
    return Arrays.asList(parts(r).group(5).split(";"));
  }

  static void verify(LoggedRequest r, String service, String region) throws Exception {
    Matcher m = parts(r);
    assertThat(m.group(1)).isEqualTo(KEY_ID);
    assertThat(m.group(3)).isEqualTo(region);
    assertThat(m.group(4)).isEqualTo(service);
    Instant date = amzDate(r.getHeader("X-Amz-Date"));
    assertThat(Duration.between(date, Instant.now()).abs()).isLessThan(Duration.ofMinutes(5));
    assertThat(m.group(2)).isEqualTo(r.getHeader("X-Amz-Date").substring(0, 8));
    assertThat(r.getHeader("x-amz-content-sha256")).isEqualTo(hex(sha256(r.getBody())));
    assertThat(expectedSignature(r, r.getBody()))
        .as("signature of " + r.getMethod() + " " + r.getUrl())
        .isEqualTo(m.group(6));
  }

  static String expectedSignature(LoggedRequest r, byte[] body) throws Exception {
    Matcher m = parts(r);
    String amzDate = r.getHeader("X-Amz-Date");
    String scope = m.group(2) + "/" + m.group(3) + "/" + m.group(4) + "/aws4_request";
    String url = r.getUrl();
    String path = url.contains("?") ? url.substring(0, url.indexOf('?')) : url;
    String query = url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
    StringBuilder canonical = new StringBuilder();
    canonical.append(r.getMethod().getName()).append('\n');
    canonical.append(canonicalPath(path)).append('\n');
    canonical.append(canonicalQuery(query)).append('\n');
    for (String h : m.group(5).split(";")) {
      String value = r.getHeader(h);
      assertThat(value).as("signed header " + h + " sent").isNotNull();
      canonical.append(h).append(':').append(value.trim().replaceAll(" +", " ")).append('\n');
    }
    canonical.append('\n').append(m.group(5)).append('\n').append(hex(sha256(body)));
    String toSign =
        "AWS4-HMAC-SHA256\n"
            + amzDate
            + "\n"
            + scope
            + "\n"
            + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = ("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8);
    for (String part : scope.split("/")) key = hmac(key, part);
    return hex(hmac(key, toSign));
  }

  /** The path as sent is already encoded once; non-S3 services encode each segment again. */
  static String canonicalPath(String rawPath) {
    return "/"
        + Arrays.stream(rawPath.substring(1).split("/", -1))
            .map(AwsSigV4Test::uriEncode)
            .collect(java.util.stream.Collectors.joining("/"));
  }

  static String canonicalQuery(String query) {
    if (query.isEmpty()) return "";
    Map<String, String> sorted = new TreeMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      sorted.put(
          uriEncode(java.net.URLDecoder.decode(k, StandardCharsets.UTF_8)),
          uriEncode(java.net.URLDecoder.decode(v, StandardCharsets.UTF_8)));
    }
    StringBuilder sb = new StringBuilder();
    sorted.forEach(
        (k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=').append(v));
    return sb.toString();
  }

  static String uriEncode(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (Character.isLetterOrDigit(c) && c < 128 || "-_.~".indexOf(c) >= 0) sb.append(c);
      else sb.append('%').append(String.format("%02X", b & 0xff));
    }
    return sb.toString();
  }

  static Instant amzDate(String s) {
    return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(ZoneOffset.UTC)
        .parse(s, Instant::from);
  }

  static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
