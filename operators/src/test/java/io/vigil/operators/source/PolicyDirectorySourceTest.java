package io.vigil.operators.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.operators.control.PolicyBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.streaming.api.functions.source.SourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyDirectorySourceTest {
  @TempDir Path dir;

  static final class Collecting implements SourceFunction.SourceContext<PolicyBundle> {
    final List<PolicyBundle> out = new CopyOnWriteArrayList<>();

    @Override
    public void collect(PolicyBundle e) {
      out.add(e);
    }

    @Override
    public void collectWithTimestamp(PolicyBundle e, long ts) {
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
  void readOnceWhenIntervalIsZero() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "kind: Policy\n");
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/b.yml"), "x: 1\n");
    Files.writeString(dir.resolve("notes.txt"), "ignored");
    Collecting ctx = new Collecting();
    new PolicyDirectorySource(dir.toString(), 0).run(ctx); // returns: bounded
    assertThat(ctx.out)
        .singleElement()
        .satisfies(b -> assertThat(b.files).containsOnlyKeys("a.yaml", "sub/b.yml"));
  }

  @Test
  void emitsAgainOnlyWhenContentChanges() throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "v: 1\n");
    Collecting ctx = new Collecting();
    PolicyDirectorySource src = new PolicyDirectorySource(dir.toString(), 1000);
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
      waitFor(() -> ctx.out.size() == 1);
      Files.writeString(dir.resolve("a.yaml"), "v: 2\n");
      waitFor(() -> ctx.out.size() == 2);
    } finally {
      src.cancel();
      t.join();
    }
    assertThat(ctx.out.get(1).files.get("a.yaml")).isEqualTo("v: 2\n");
    assertThat(ctx.out.get(0).revision).isNotEqualTo(ctx.out.get(1).revision);
  }

  static void waitFor(java.util.function.BooleanSupplier c) throws InterruptedException {
    for (int i = 0; i < 600 && !c.getAsBoolean(); i++) Thread.sleep(100);
    assertThat(c.getAsBoolean()).isTrue();
  }
}
