package io.vigil.operators.sink.es;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Connection and batching settings of the Elasticsearch / OpenSearch output. Travels inside the job
 * graph, so it normally holds no secret: credentials are resolved on the task manager from the
 * environment or AWS Secrets Manager ({@link EsCredentials#resolve}). Secrets set here explicitly
 * (tests, embedding) are masked by {@link #toString()}.
 */
public final class EsConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One or more base URLs, e.g. {@code https://search.example.com:9200}. */
  public List<String> urls = new ArrayList<>();

  /** Index names are {@code <prefix>-<kind>-yyyy.MM}. */
  public String indexPrefix = "vigil";

  public int maxActions = 1000;
  public long maxBytes = 5L * 1024 * 1024;
  public long flushIntervalMs = 1000;

  /** Bulk requests in flight (including ones waiting to retry) before {@code write} blocks. */
  public int maxInFlight = 2;

  /**
   * Retries of one document (429/5xx) before the writer fails (the job restarts from a checkpoint).
   */
  public int maxRetries = 10;

  public long initialBackoffMs = 100;
  public long maxBackoffMs = 10_000;

  public long connectTimeoutMs = 5_000;
  public long socketTimeoutMs = 60_000;

  /** PEM file with CA certificate(s) to trust for HTTPS, in addition to nothing else; optional. */
  public String caFile;

  /**
   * AWS Secrets Manager secret (ARN) holding {@code apiKey} or {@code username}/{@code password}.
   */
  public String secretArn;

  /**
   * Amazon OpenSearch Service: sign every request with AWS SigV4 for this service, {@code es}
   * (managed domain) or {@code aoss} (Serverless collection); null = no signing.
   */
  public String sigv4Service;

  /** Region of the SigV4 signature; from the endpoint's host name (or the SDK chain) when null. */
  public String sigv4Region;

  /** Explicit credentials (tests, embedding); normally unset and taken from the environment. */
  public String apiKey;

  public String username;
  public String password;

  public EsConfig() {}

  public static EsConfig of(String commaSeparatedUrls) {
    EsConfig c = new EsConfig();
    for (String u : commaSeparatedUrls.split(",")) {
      if (!u.isBlank()) c.urls.add(u.trim());
    }
    if (c.urls.isEmpty()) throw new IllegalArgumentException("no Elasticsearch URL given");
    return c;
  }

  public EsConfig withFlushInterval(Duration d) {
    this.flushIntervalMs = d.toMillis();
    return this;
  }

  static String mask(String secret) {
    return secret == null ? "null" : "****";
  }

  @Override
  public String toString() {
    return "EsConfig{urls="
        + urls
        + ", indexPrefix="
        + indexPrefix
        + ", maxActions="
        + maxActions
        + ", maxBytes="
        + maxBytes
        + ", flushIntervalMs="
        + flushIntervalMs
        + ", maxInFlight="
        + maxInFlight
        + ", maxRetries="
        + maxRetries
        + ", caFile="
        + caFile
        + ", sigv4Service="
        + sigv4Service
        + ", sigv4Region="
        + sigv4Region
        + ", secretArn="
        + secretArn
        + ", apiKey="
        + mask(apiKey)
        + ", username="
        + username
        + ", password="
        + mask(password)
        + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EsConfig c && toString().equals(c.toString());
  }

  @Override
  public int hashCode() {
    return Objects.hash(urls, indexPrefix);
  }
}
