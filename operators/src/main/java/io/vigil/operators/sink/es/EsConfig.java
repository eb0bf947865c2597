package io.vigil.operators.sink.es;

import io.vigil.operators.config.OptionLists;
import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Connection and batching settings of the Elasticsearch / OpenSearch output: plain values,
 * immutable, built from {@link EsOptions} (where the defaults live) by {@link #from}. Travels
 * inside the job graph, so it normally holds no secret: credentials are resolved on the task
 * manager from the environment or AWS Secrets Manager ({@link EsCredentials#resolve}). Secrets set
 * explicitly ({@link #withCredentials}: tests, embedding) are masked by {@link #toString()}.
 *
 * @param urls one or more base URLs, e.g. {@code https://search.example.com:9200}
 * @param indexPrefix index names are {@code <prefix>-<kind>-yyyy.MM}
 * @param maxInFlight bulk requests in flight (including ones waiting to retry) before {@code write}
 *     blocks
 * @param maxRetries retries of one document (429/5xx) before the writer fails (the job restarts
 *     from a checkpoint)
 * @param caFile PEM file with CA certificate(s) to trust for HTTPS; null = the JVM's trust store
 * @param secretArn AWS Secrets Manager secret holding {@code apiKey} or {@code username}/{@code
 *     password}; null = none
 * @param sigv4Service Amazon OpenSearch Service: sign every request with AWS SigV4 for this
 *     service; null = no signing
 * @param sigv4Region region of the SigV4 signature; from the endpoint's host name (or the SDK
 *     chain) when null
 */
public record EsConfig(
    List<String> urls,
    String indexPrefix,
    int maxActions,
    long maxBytes,
    Duration flushInterval,
    int maxInFlight,
    int maxRetries,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration connectTimeout,
    Duration socketTimeout,
    String caFile,
    String secretArn,
    SigV4Service sigv4Service,
    String sigv4Region,
    String apiKey,
    String username,
    String password)
    implements Serializable {

  /** The SigV4 signing names of Amazon OpenSearch Service. */
  public enum SigV4Service {
    /** A managed domain. */
    ES,
    /** A Serverless collection. */
    AOSS;

    /** The signing name, as written in the configuration: {@code es}, {@code aoss}. */
    @Override
    public String toString() {
      return OptionLists.kebab(this);
    }
  }

  public EsConfig {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) throw new IllegalArgumentException("no Elasticsearch URL given");
    Objects.requireNonNull(indexPrefix, "indexPrefix");
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(socketTimeout, "socketTimeout");
  }

  /** The settings the options describe; {@code vigil.es.url} is required. */
  public static EsConfig from(ReadableConfig conf) {
    String urls =
        conf.getOptional(EsOptions.URL)
            .orElseThrow(() -> new IllegalArgumentException(EsOptions.URL.key() + ": not set"));
    return new EsConfig(
        splitUrls(urls),
        conf.get(EsOptions.INDEX_PREFIX),
        conf.get(EsOptions.BULK_MAX_ACTIONS),
        conf.get(EsOptions.BULK_MAX_BYTES).getBytes(),
        conf.get(EsOptions.BULK_FLUSH_INTERVAL),
        conf.get(EsOptions.BULK_MAX_IN_FLIGHT),
        conf.get(EsOptions.BULK_MAX_RETRIES),
        conf.get(EsOptions.BULK_INITIAL_BACKOFF),
        conf.get(EsOptions.BULK_MAX_BACKOFF),
        conf.get(EsOptions.CONNECT_TIMEOUT),
        conf.get(EsOptions.SOCKET_TIMEOUT),
        conf.getOptional(EsOptions.TLS_CA_FILE).orElse(null),
        conf.getOptional(EsOptions.AUTH_SECRET_ARN).orElse(null),
        conf.getOptional(EsOptions.AUTH_SIGV4_SERVICE).orElse(null),
        conf.getOptional(EsOptions.AUTH_SIGV4_REGION).orElse(null),
        null,
        null,
        null);
  }

  /** The default settings for these comma-separated URLs. */
  public static EsConfig of(String commaSeparatedUrls) {
    return from(new Configuration().set(EsOptions.URL, commaSeparatedUrls));
  }

  /**
   * A copy with explicit credentials (tests, embedding); normally they come from the environment.
   */
  public EsConfig withCredentials(String apiKey, String username, String password) {
    return new EsConfig(
        urls,
        indexPrefix,
        maxActions,
        maxBytes,
        flushInterval,
        maxInFlight,
        maxRetries,
        initialBackoff,
        maxBackoff,
        connectTimeout,
        socketTimeout,
        caFile,
        secretArn,
        sigv4Service,
        sigv4Region,
        apiKey,
        username,
        password);
  }

  private static List<String> splitUrls(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(u -> !u.isEmpty())
        .toList();
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
        + ", flushInterval="
        + flushInterval
        + ", maxInFlight="
        + maxInFlight
        + ", maxRetries="
        + maxRetries
        + ", initialBackoff="
        + initialBackoff
        + ", maxBackoff="
        + maxBackoff
        + ", connectTimeout="
        + connectTimeout
        + ", socketTimeout="
        + socketTimeout
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
}
