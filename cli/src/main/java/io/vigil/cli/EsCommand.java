package io.vigil.cli;

import io.vigil.operators.sink.es.AwsSigV4;
import io.vigil.operators.sink.es.EsClients;
import io.vigil.operators.sink.es.EsConfig;
import io.vigil.operators.sink.es.EsCredentials;
import io.vigil.operators.sink.es.EsOptions;
import io.vigil.operators.sink.es.EsSetup;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.elasticsearch.client.RestClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil es}: Elasticsearch / OpenSearch administration. */
@Command(
    name = "es",
    mixinStandardHelpOptions = true,
    description = "Elasticsearch / OpenSearch output administration.",
    subcommands = {EsCommand.Setup.class})
public final class EsCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** {@code vigil es setup}. */
  @Command(
      name = "setup",
      mixinStandardHelpOptions = true,
      description = {
        "Installs, idempotently, the index templates and lifecycle policies of the Vigil indices"
            + " (ILM on Elasticsearch, ISM on OpenSearch, detected from GET /), and with"
            + " --kibana-url imports the data views and dashboards.",
        "Credentials: VIGIL_ES_API_KEY, or VIGIL_ES_USERNAME and VIGIL_ES_PASSWORD, or"
            + " --secret-arn; the same ones are sent to Kibana. Amazon OpenSearch Service:"
            + " --sigv4 es|aoss signs every request (AWS SDK default credential chain) instead."
      })
  public static final class Setup implements Callable<Integer> {
    @Option(
        names = "--url",
        required = true,
        description = "Elasticsearch / OpenSearch base URL(s), comma-separated.")
    String url;

    @Option(
        names = "--index-prefix",
        description = "Index prefix, as vigil.es.index-prefix (default: that option's default).")
    String indexPrefix;

    @Option(
        names = "--kibana-url",
        description = "Kibana (or OpenSearch Dashboards) base URL; saved objects are imported.")
    String kibanaUrl;

    @Option(
        names = "--ca-file",
        description = "PEM file of the CA(s) to trust for HTTPS (as vigil.es.tls.ca-file).")
    String caFile;

    @Option(
        names = "--secret-arn",
        description =
            "AWS Secrets Manager secret with the credentials, used when VIGIL_ES_* are unset.")
    String secretArn;

    @Option(
        names = "--sigv4",
        description =
            "Amazon OpenSearch Service: sign requests with AWS SigV4 for 'es' (managed domain) or"
                + " 'aoss' (Serverless collection: templates only), credentials from the AWS SDK"
                + " default chain.")
    EsConfig.SigV4Service sigv4;

    @Option(
        names = "--region",
        description =
            "Region of the SigV4 signature (default: from the endpoint's host name, else"
                + " AWS_REGION).")
    String region;

    @Option(
        names = "--replicas",
        defaultValue = "auto",
        description =
            "index.number_of_replicas of the Vigil indices: a number, or 'auto' (default) = 0 on a"
                + " single data node (else the cluster stays yellow), 1 on larger clusters.")
    String replicas;

    @Override
    public Integer call() throws Exception {
      EsConfig config = EsConfig.from(options());
      EsCredentials credentials =
          sigv4 == null ? EsCredentials.resolve(config, System.getenv()) : EsCredentials.NONE;
      try (RestClient client = EsClients.create(config, credentials)) {
        EsSetup setup =
            new EsSetup(client, config.indexPrefix(), System.out::println)
                .replicas(replicaCount())
                .sigV4(sigv4 == null ? null : AwsSigV4.of(config));
        setup.install();
        if (kibanaUrl != null) setup.importKibana(kibanaUrl, credentials);
      }
      System.out.println("Done.");
      return 0;
    }

    /** The command's flags as the output's options, so defaults come from {@link EsOptions}. */
    private Configuration options() {
      Configuration conf = new Configuration();
      conf.set(EsOptions.URL, url);
      if (indexPrefix != null) conf.set(EsOptions.INDEX_PREFIX, indexPrefix);
      if (caFile != null) conf.set(EsOptions.TLS_CA_FILE, caFile);
      if (secretArn != null) conf.set(EsOptions.AUTH_SECRET_ARN, secretArn);
      if (sigv4 != null) conf.set(EsOptions.AUTH_SIGV4_SERVICE, sigv4);
      if (region != null) conf.set(EsOptions.AUTH_SIGV4_REGION, region);
      return conf;
    }

    private Integer replicaCount() {
      if ("auto".equalsIgnoreCase(replicas)) return null;
      try {
        return Integer.parseInt(replicas);
      } catch (NumberFormatException e) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--replicas must be a number or 'auto', got " + replicas);
      }
    }
  }
}
