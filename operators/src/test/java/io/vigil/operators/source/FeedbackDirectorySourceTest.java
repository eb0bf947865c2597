package io.vigil.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.Feedback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackDirectorySourceTest {
  @TempDir Path dir;

  static final class Collecting implements SourceFunction.SourceContext<Feedback> {
    final List<Feedback> out = new CopyOnWriteArrayList<>();

    @Override
    public void collect(Feedback e) {
      out.add(e);
    }

    @Override
    public void collectWithTimestamp(Feedback e, long ts) {
      out.add(e);
    }

    @Override
    public void emitWatermark(Watermark mark) {}

    @Override
    public void markAsTemporarilyIdle() {}

    @Override
    public Object getCheckpointLock() {
      return this;
    }

    @Override
    public void close() {}
  }

  @Test
  void readsValidCompleteLinesAndSkipsInvalidOnes() throws Exception {
    Files.writeString(
        dir.resolve("feedback.jsonl"),
        """
        {"incidentId":"i-1","functionName":"f","type":"ERROR_STORM","verdict":"false-positive"}
        {"incidentId":"i-2","functionName":"f","type":"NOPE","verdict":"confirmed"}
        not json
        {"incidentId":"i-3","functionName":"g","type":"port_scan","verdict":"confirmed"}
        {"incidentId":"i-4","functionName":"g\
        """);
    Collecting ctx = new Collecting();
    new FeedbackDirectorySource(dir.toString(), 0).run(ctx); // bounded with interval 0
    assertThat(ctx.out)
        .extracting(f -> f.incidentId + "/" + f.type + "/" + f.verdict)
        .containsExactly("i-1/ERROR_STORM/false-positive", "i-3/PORT_SCAN/confirmed");
  }

  @Test
  void aMissingFolderIsEmpty() throws Exception {
    Collecting ctx = new Collecting();
    new FeedbackDirectorySource(dir.resolve("none").toString(), 0).run(ctx);
    assertThat(ctx.out).isEmpty();
  }
}
