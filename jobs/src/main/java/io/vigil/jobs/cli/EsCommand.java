package io.vigil.jobs.cli;

import io.vigil.operators.sink.es.EsClients;
import io.vigil.operators.sink.es.EsConfig;
import io.vigil.operators.sink.es.EsCredentials;
import io.vigil.operators.sink.es.EsSetup;
import java.util.concurrent.Callable;
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
            + " --secret-arn; the same ones are sent to Kibana."
      })
  public static final class Setup implements Callable<Integer> {
    @Option(
        names = "--url",
        required = true,
        description = "Elasticsearch / OpenSearch base URL(s), comma-separated.")
    String url;

    @Option(
        names = "--index-prefix",
        defaultValue = "vigil",
        description = "Index prefix, as vigil.es.index-prefix (default: ${DEFAULT-VALUE}).")
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

    @Override
    public Integer call() throws Exception {
      EsConfig config = EsConfig.of(url);
      config.indexPrefix = indexPrefix;
      config.caFile = caFile;
      config.secretArn = secretArn;
      EsCredentials credentials = EsCredentials.resolve(config, System.getenv());
      try (RestClient client = EsClients.create(config, credentials)) {
        EsSetup setup = new EsSetup(client, indexPrefix, System.out::println);
        setup.install();
        if (kibanaUrl != null) setup.importKibana(kibanaUrl, credentials);
      }
      System.out.println("Done.");
      return 0;
    }
  }
}
