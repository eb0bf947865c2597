package io.vigil.operators.sink.es;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.http.Header;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NByteArrayEntity;
import org.apache.http.protocol.HttpCoreContext;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * AWS Signature Version 4 for Amazon OpenSearch Service: managed domains (service {@code es}) and
 * Serverless collections (service {@code aoss}). Signs with the AWS SDK v2 signer and credentials
 * from the SDK's default chain (environment, system properties, profile, web identity, container or
 * instance role), re-resolved per request so rotated role credentials are picked up. The payload
 * hash is sent as {@code x-amz-content-sha256}, which Serverless requires.
 */
public final class AwsSigV4 {
  public static final List<String> SERVICES = List.of("es", "aoss");
  static final String CONTENT_SHA256 = "x-amz-content-sha256";
  private static final Pattern AWS_HOST =
      Pattern.compile("\\.([a-z]{2}(?:-[a-z]+)+-\\d)\\.(?:es|aoss)\\.amazonaws\\.com$");

  private final String service;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  public AwsSigV4(String service, String region, AwsCredentialsProvider credentials) {
    if (!SERVICES.contains(service)) {
      throw new IllegalArgumentException(
          "SigV4 service must be 'es' (managed domain) or 'aoss' (Serverless), got " + service);
    }
    this.service = service;
    this.region = region;
    this.credentials = credentials;
  }

  /** For the output's config: its service, its region (else from the URL or the SDK chain). */
  public static AwsSigV4 of(EsConfig config) {
    String region = config.sigv4Region();
    if (region == null || region.isBlank()) region = regionOf(config.urls().get(0));
    return new AwsSigV4(
        config.sigv4Service().toString(), region, DefaultCredentialsProvider.builder().build());
  }

  /** The region in an Amazon OpenSearch endpoint's host name, else the SDK's default region. */
  static String regionOf(String url) {
    String host = URI.create(url).getHost();
    Matcher m = AWS_HOST.matcher(host == null ? "" : host.toLowerCase(Locale.ROOT));
    if (m.find()) return m.group(1);
    try {
      return new DefaultAwsRegionProviderChain().getRegion().id();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot tell the AWS region of "
              + url
              + ": set vigil.es.auth.sigv4-region (or AWS_REGION)",
          e);
    }
  }

  public String service() {
    return service;
  }

  public String region() {
    return region;
  }

  /**
   * The headers to add to a request ({@code Authorization}, {@code X-Amz-Date}, {@code
   * x-amz-content-sha256}, {@code X-Amz-Security-Token} with temporary credentials). {@code
   * headers} are the ones to sign besides the host (e.g. {@code Content-Type}).
   */
  public Map<String, String> sign(
      String method, URI uri, String hostHeader, Map<String, String> headers, byte[] body) {
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    request.putHeader("Host", hostHeader);
    headers.forEach(request::putHeader);
    request.putHeader(CONTENT_SHA256, sha256Hex(body));
    SignedRequest signed =
        signer.sign(
            r ->
                r.identity(credentials.resolveCredentials())
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    Map<String, String> added = new LinkedHashMap<>();
    signed
        .request()
        .headers()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (lower.equals("authorization")
                  || lower.startsWith("x-amz-")
                  || lower.equals(CONTENT_SHA256)) {
                added.put(name, values.get(0));
              }
            });
    return added;
  }

  /** Signs each request of the Elasticsearch REST client, after its own interceptors ran. */
  public HttpRequestInterceptor interceptor() {
    return (request, context) -> {
      HttpHost target = (HttpHost) context.getAttribute(HttpCoreContext.HTTP_TARGET_HOST);
      String path = request.getRequestLine().getUri();
      URI uri = URI.create(path.startsWith("http") ? path : target.toURI() + path);
      Header host = request.getFirstHeader("Host");
      Map<String, String> headers = new LinkedHashMap<>();
      Header type = request.getFirstHeader("Content-Type");
      byte[] body = body(request);
      if (type != null) headers.put("Content-Type", type.getValue());
      String hostHeader = host != null ? host.getValue() : target.toHostString();
      sign(request.getRequestLine().getMethod(), uri, hostHeader, headers, body)
          .forEach(request::setHeader);
    };
  }

  /** The request body (made repeatable so it can be hashed and still sent). */
  private static byte[] body(HttpRequest request) throws IOException {
    if (!(request instanceof HttpEntityEnclosingRequest enclosing)
        || enclosing.getEntity() == null) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    enclosing.getEntity().writeTo(out);
    byte[] body = out.toByteArray();
    if (!enclosing.getEntity().isRepeatable()) {
      enclosing.setEntity(new NByteArrayEntity(body, ContentType.get(enclosing.getEntity())));
    }
    return body;
  }

  static String sha256Hex(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
