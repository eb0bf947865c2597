package io.vigil.cli;

import io.vigil.jobs.LocalRunner;
import io.vigil.jobs.VigilOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil run}: the job on an embedded Flink cluster with the web UI. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the Vigil job on an embedded Flink cluster (web UI on --port).",
      "Default: the simulated fleet in, JSONL files under --output, one line per finding on stdout."
    })
public final class RunCommand implements Callable<Integer> {
  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop after this wall time (e.g. 2m); default: until Ctrl-C or the input ends.")
  Duration duration;

  @Option(names = "--output", description = "Output folder (default: out).")
  String output;

  @Mixin FleetOptions fleet;

  @Option(
      names = "--clock-factor",
      description = "Fleet seconds per wall second (default: 180; 0 = as fast as possible).")
  Double clockFactor;

  @Option(names = "--minutes", description = "Fleet minutes to simulate (default: unbounded).")
  Long minutes;

  @Option(names = "--port", description = "Flink web UI port (default: 8081).")
  Integer port;

  @Option(names = "--parallelism", description = "Parallelism of the keyed operators (default: 2).")
  Integer parallelism;

  @Option(
      names = "--prometheus-port",
      description =
          "Expose Flink's and Vigil's metrics for Prometheus on this port (/metrics), through"
              + " Flink's Prometheus reporter; off by default. A range such as 9249-9260 takes the"
              + " first free port.")
  String prometheusPort;

  /** Flink's Prometheus reporter (flink-metrics-prometheus), named "prom" as in the manifests. */
  public static final String PROMETHEUS_FACTORY =
      "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

  @Mixin JobSettings settings;

  @Override
  public Integer call() throws Exception {
    Configuration conf = toConfiguration();
    return LocalRunner.run(conf, duration);
  }

  Configuration toConfiguration() {
    Configuration conf = fleet.applyTo(settings.toConfiguration());
    set(conf, VigilOptions.OUTPUT_DIR, output);
    set(conf, VigilOptions.SIM_CLOCK_FACTOR, clockFactor);
    set(conf, VigilOptions.SIM_MINUTES, minutes);
    set(conf, VigilOptions.WEB_UI_PORT, port);
    set(conf, VigilOptions.PARALLELISM, parallelism);
    if (prometheusPort != null) {
      conf.setString("metrics.reporter.prom.factory.class", PROMETHEUS_FACTORY);
      conf.setString("metrics.reporter.prom.port", prometheusPort);
    }
    return conf;
  }

  private static <T> void set(Configuration conf, ConfigOption<T> option, T value) {
    if (value != null) conf.set(option, value);
  }
}
