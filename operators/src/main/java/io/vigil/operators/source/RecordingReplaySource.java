package io.vigil.operators.source;

import io.vigil.models.event.RawRecord;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;

/**
 * A bounded, checkpointed source over a recording folder (see {@link RecordingReplayGenerator}).
 */
public final class RecordingReplaySource {
  public static final String UID = "source-recording-replay";
  public static final String NAME = "Replay recorded Kinesis records";

  private RecordingReplaySource() {}

  public static DataGeneratorSource<RawRecord> create(Path folder) {
    return create(folder, false);
  }

  /** The source, merging by arrival time when {@code byArrival}, else by event time. */
  public static DataGeneratorSource<RawRecord> create(Path folder, boolean byArrival) {
    List<Path> files = RecordingReplayGenerator.filesIn(folder);
    return new DataGeneratorSource<>(
        new RecordingReplayGenerator(files, byArrival),
        RecordingReplayGenerator.countLines(files),
        RateLimiterStrategy.noOp(),
        TypeInformation.of(RawRecord.class));
  }
}
