package io.vigil.cli;

import io.vigil.jobs.kinesis.KinesisRecorder;
import io.vigil.models.event.StreamKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** {@code vigil record}: captures Kinesis records into the recording format. */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
      "Captures the records of up to three Kinesis streams (lambda logs, flow logs, billing, in",
      "that order) as JSONL in the recording format, one file per stream."
    })
public final class RecordCommand implements Callable<Integer> {
  enum From {
    trim_horizon,
    latest
  }

  @Mixin KinesisStreams kinesis;

  @Option(
      names = "--output",
      defaultValue = "recording",
      description = "Output folder (default: recording).")
  Path output;

  @Option(
      names = "--from",
      defaultValue = "trim-horizon",
      converter = FromConverter.class,
      description = "trim-horizon (oldest record kept) or latest (default: trim-horizon).")
  From from;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Record this long (e.g. 5m); default: until every shard is read to its tip.")
  Duration duration;

  @Override
  public Integer call() throws Exception {
    Map<StreamKind, String> names = kinesis.byKind();
    try (KinesisClient client = kinesis.client()) {
      Map<StreamKind, Long> counts =
          new KinesisRecorder(client)
              .record(
                  names,
                  output,
                  from == From.latest ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON,
                  duration);
      System.out.printf("Recorded %s to %s%n", counts, output);
    }
    return 0;
  }

  /** Accepts {@code trim-horizon}, {@code TRIM_HORIZON}, {@code latest}. */
  static final class FromConverter implements picocli.CommandLine.ITypeConverter<From> {
    @Override
    public From convert(String value) {
      try {
        return From.valueOf(value.toLowerCase(java.util.Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "'" + value + "': expected trim-horizon or latest");
      }
    }
  }
}
