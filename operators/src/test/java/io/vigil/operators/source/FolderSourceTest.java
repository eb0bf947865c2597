package io.vigil.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.models.finding.Feedback;
import io.vigil.operators.control.PolicyBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSourceTest {
  @TempDir Path dir;

  static final class Collecting<T> implements SourceFunction.SourceContext<T> {
    final List<T> out = new CopyOnWriteArrayList<>();
    final List<Watermark> watermarks = new CopyOnWriteArrayList<>();

    @Override
    public void collect(T e) {
      out.add(e);
    }

    @Override
    public void collectWithTimestamp(T e, long ts) {
      out.add(e);
    }

    @Override
    public void emitWatermark(Watermark mark) {
      watermarks.add(mark);
    }

    @Override
    public void markAsTemporarilyIdle() {}

    @Override
    public Object getCheckpointLock() {
      return this;
    }

    @Override
    public void close() {}
  }

  /** Runs the source on its own thread while {@code steps} run, then cancels it. */
  static <T> void runUntil(FolderSource<T> src, Collecting<T> ctx, ThrowingRunnable steps)
      throws Exception {
    Thread t =
        new Thread(
            () -> {
              try {
                src.run(ctx);
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
            });
    t.start();
    try {
      steps.run();
    } finally {
      src.cancel();
      t.join();
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void policiesReadOnceWhenIntervalIsZero() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "kind: Policy\n");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/b.yml"), "x: 1\n");
    Files.writeString(dir.resolve("notes.txt"), "ignored");
    Collecting<PolicyBundle> ctx = new Collecting<>();
    FolderSource.policies(dir.toString(), 0).run(ctx); // returns: bounded
    assertThat(ctx.out)
        .singleElement()
        .satisfies(b -> assertThat(b.files).containsOnlyKeys("a.yaml", "sub/b.yml"));
    // Control input never holds back the watermark of what it feeds.
    assertThat(ctx.watermarks).containsExactly(Watermark.MAX_WATERMARK);
  }

  @Test
  void policiesEmittedAgainOnlyWhenContentChanges() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "v: 1\n");
    Collecting<PolicyBundle> ctx = new Collecting<>();
    runUntil(
        FolderSource.policies(dir.toString(), 1000),
        ctx,
        () -> {
          waitFor(() -> ctx.out.size() == 1);
          Files.writeString(dir.resolve("a.yaml"), "v: 2\n");
          waitFor(() -> ctx.out.size() == 2);
        });
    assertThat(ctx.out.get(1).files.get("a.yaml")).isEqualTo("v: 2\n");
    assertThat(ctx.out.get(0).revision).isNotEqualTo(ctx.out.get(1).revision);
  }

  @Test
  void feedbackReadsValidCompleteLinesAndSkipsInvalidOnes() throws Exception {
    Files.writeString(
        dir.resolve("feedback.jsonl"),
        """
        {"incidentId":"i-1","functionName":"f","type":"ERROR_STORM","verdict":"false-positive"}
        {"incidentId":"i-2","functionName":"f","type":"NOPE","verdict":"confirmed"}
        not json
        {"incidentId":"i-3","functionName":"g","type":"port_scan","verdict":"confirmed"}
        {"incidentId":"i-4","functionName":"g\
        """);
    Collecting<Feedback> ctx = new Collecting<>();
    FolderSource.feedback(dir.toString(), 0).run(ctx); // bounded with interval 0
    assertThat(ctx.out)
        .extracting(f -> f.incidentId + "/" + f.type + "/" + f.verdict)
        .containsExactly("i-1/ERROR_STORM/false-positive", "i-3/PORT_SCAN/confirmed");
  }

  @Test
  void feedbackEmitsOnlyLinesAppendedSinceThePreviousPoll() throws Exception {
    Path file = dir.resolve("feedback.jsonl");
    String first =
        "{\"incidentId\":\"i-1\",\"functionName\":\"f\",\"type\":\"ERROR_STORM\",\"verdict\":\"confirmed\"}\n";
    String second =
        "{\"incidentId\":\"i-2\",\"functionName\":\"f\",\"type\":\"COST_SPIKE\",\"verdict\":\"confirmed\"}\n";
    Files.writeString(file, first);
    Collecting<Feedback> ctx = new Collecting<>();
    runUntil(
        FolderSource.feedback(dir.toString(), 200),
        ctx,
        () -> {
          waitFor(() -> ctx.out.size() == 1);
          Files.writeString(file, first + second);
          waitFor(() -> ctx.out.size() == 2);
          Thread.sleep(600); // a few more polls: nothing is emitted twice
        });
    assertThat(ctx.out).extracting(f -> f.incidentId).containsExactly("i-1", "i-2");
  }

  @Test
  void aMissingFeedbackFolderIsEmpty() throws Exception {
    Collecting<Feedback> ctx = new Collecting<>();
    FolderSource.feedback(dir.resolve("none").toString(), 0).run(ctx);
    assertThat(ctx.out).isEmpty();
  }

  @Test
  void theProducedTypeIsTheItemClassSoNoReturnsHintIsNeeded() {
    assertThat(FolderSource.policies("p", 0).getProducedType())
        .isEqualTo(TypeInformation.of(PolicyBundle.class));
    assertThat(FolderSource.feedback("f", 0).getProducedType())
        .isEqualTo(TypeInformation.of(Feedback.class));
  }

  @Test
  void travelsWithTheJobGraphAndStillReads() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "v: 1\n");
    FolderSource<PolicyBundle> copy =
        InstantiationUtil.clone(FolderSource.policies(dir.toString(), 0));
    Collecting<PolicyBundle> ctx = new Collecting<>();
    copy.run(ctx);
    assertThat(ctx.out).singleElement().satisfies(b -> assertThat(b.files).containsKey("a.yaml"));
  }

  static void waitFor(BooleanSupplier c) throws InterruptedException {
    for (int i = 0; i < 600 && !c.getAsBoolean(); i++) Thread.sleep(100);
    assertThat(c.getAsBoolean()).isTrue();
  }
}
