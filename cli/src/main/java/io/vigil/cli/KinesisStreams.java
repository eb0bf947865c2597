package io.vigil.cli;

import io.vigil.jobs.kinesis.KinesisClients;
import io.vigil.jobs.kinesis.KinesisRecorder;
import io.vigil.models.event.StreamKind;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The three input streams and where they are: for simulate and record (a {@code @Mixin}). */
public final class KinesisStreams {
  @Option(
      names = "--endpoint",
      description = "Kinesis endpoint override, e.g. http://localhost:4567 (kinesalite).")
  String endpoint;

  @Option(
      names = "--region",
      defaultValue = "us-east-1",
      description = "Kinesis region (default: ${DEFAULT-VALUE}).")
  String region;

  @Option(
      names = "--streams",
      split = ",",
      defaultValue = "vigil-lambda-logs,vigil-flow-logs,vigil-billing",
      description = "Kinesis streams: lambda logs, flow logs, billing (default: ${DEFAULT-VALUE}).")
  List<String> streams;

  /** Stream name per kind, in the order given (1 to 3 names). */
  public Map<StreamKind, String> byKind() {
    return KinesisRecorder.byKind(streams);
  }

  public KinesisClient client() {
    return KinesisClients.create(endpoint, region);
  }
}
