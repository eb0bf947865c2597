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
    List<Path> files = RecordingReplayGenerator.filesIn(folder);
    return new DataGeneratorSource<>(
        new RecordingReplayGenerator(files),
        RecordingReplayGenerator.countLines(files),
        RateLimiterStrategy.noOp(),
        TypeInformation.of(RawRecord.class));
  }
}
