package io.vigil.operators.sink.es;

import io.vigil.operators.config.OptionLists;
import io.vigil.operators.sink.es.EsConfig.SigV4Service;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.MemorySize;

/**
 * The Elasticsearch / OpenSearch output (off unless {@code vigil.es.url} is set): the only place
 * its defaults live. {@link EsConfig#from} turns them into the sinks' plain settings.
 */
public final class EsOptions {
  private EsOptions() {}

  public static final ConfigOption<String> URL =
      ConfigOptions.key("vigil.es.url")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Elasticsearch / OpenSearch base URL(s), comma-separated; unset = no ES output."
                  + " Credentials come from VIGIL_ES_API_KEY or VIGIL_ES_USERNAME/VIGIL_ES_PASSWORD"
                  + " in the task managers' environment, or vigil.es.auth.secret-arn.");

  public static final ConfigOption<String> INDEX_PREFIX =
      ConfigOptions.key("vigil.es.index-prefix")
          .stringType()
          .defaultValue("vigil")
          .withDescription("Indices are <prefix>-{findings,metrics,actions,dead-letters}-yyyy.MM.");

  public static final ConfigOption<Integer> BULK_MAX_ACTIONS =
      ConfigOptions.key("vigil.es.bulk.max-actions")
          .intType()
          .defaultValue(1000)
          .withDescription("Documents per _bulk request, at most.");

  public static final ConfigOption<MemorySize> BULK_MAX_BYTES =
      ConfigOptions.key("vigil.es.bulk.max-bytes")
          .memoryType()
          .defaultValue(MemorySize.parse("5mb"))
          .withDescription("Size of a _bulk request, at most (approximate).");

  public static final ConfigOption<Duration> BULK_FLUSH_INTERVAL =
      ConfigOptions.key("vigil.es.bulk.flush-interval")
          .durationType()
          .defaultValue(Duration.ofSeconds(1))
          .withDescription("A non-empty buffer is sent after this long (and at every checkpoint).");

  public static final ConfigOption<Integer> BULK_MAX_IN_FLIGHT =
      ConfigOptions.key("vigil.es.bulk.max-in-flight")
          .intType()
          .defaultValue(2)
          .withDescription(
              "_bulk requests in flight or waiting to retry per sink subtask; writes block beyond.");

  public static final ConfigOption<Integer> BULK_MAX_RETRIES =
      ConfigOptions.key("vigil.es.bulk.max-retries")
          .intType()
          .defaultValue(10)
          .withDescription(
              "Retries of a document on 429/5xx (exponential backoff with jitter) before the job"
                  + " fails and restarts from its last checkpoint.");

  public static final ConfigOption<Duration> BULK_INITIAL_BACKOFF =
      ConfigOptions.key("vigil.es.bulk.initial-backoff")
          .durationType()
          .defaultValue(Duration.ofMillis(100))
          .withDescription("Backoff before the first retry of a document; doubles per retry.");

  public static final ConfigOption<Duration> BULK_MAX_BACKOFF =
      ConfigOptions.key("vigil.es.bulk.max-backoff")
          .durationType()
          .defaultValue(Duration.ofSeconds(10))
          .withDescription("Longest backoff between two retries of a document.");

  public static final ConfigOption<Duration> CONNECT_TIMEOUT =
      ConfigOptions.key("vigil.es.connect-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(5))
          .withDescription("Timeout of a connection to the cluster.");

  public static final ConfigOption<Duration> SOCKET_TIMEOUT =
      ConfigOptions.key("vigil.es.socket-timeout")
          .durationType()
          .defaultValue(Duration.ofSeconds(60))
          .withDescription("Longest wait for a response's data (then the request is retried).");

  public static final ConfigOption<String> AUTH_SECRET_ARN =
      ConfigOptions.key("vigil.es.auth.secret-arn")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "AWS Secrets Manager secret with {\"apiKey\":...} or {\"username\":...,"
                  + "\"password\":...}; used when the VIGIL_ES_* variables are unset.");

  public static final ConfigOption<String> TLS_CA_FILE =
      ConfigOptions.key("vigil.es.tls.ca-file")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "PEM file of the CA(s) to trust for HTTPS; the JVM's trust store when unset.");

  public static final ConfigOption<SigV4Service> AUTH_SIGV4_SERVICE =
      ConfigOptions.key("vigil.es.auth.sigv4-service")
          .enumType(SigV4Service.class)
          .noDefaultValue()
          .withDescription(
              "Amazon OpenSearch Service: sign every request with AWS SigV4 for 'es' (managed"
                  + " domain) or 'aoss' (Serverless collection), credentials from the AWS SDK"
                  + " default chain (environment, profile, web identity, container or instance"
                  + " role); unset = no signing.");

  public static final ConfigOption<String> AUTH_SIGV4_REGION =
      ConfigOptions.key("vigil.es.auth.sigv4-region")
          .stringType()
          .noDefaultValue()
          .withDescription(
              "Region of the SigV4 signature; when unset, from the endpoint's host name"
                  + " (*.REGION.es.amazonaws.com, *.REGION.aoss.amazonaws.com), else the SDK's"
                  + " default region (AWS_REGION).");

  public static List<ConfigOption<?>> all() {
    return OptionLists.declaredIn(EsOptions.class);
  }
}
