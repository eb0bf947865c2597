package io.vigil.operators.source;

import io.vigil.models.finding.Feedback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.functions.source.RichSourceFunction;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the human feedback lines ({@link Feedback}, JSON Lines in {@code *.jsonl} files, as written
 * by {@code vigil feedback}) of a folder: all lines at start, then (when {@code pollIntervalMs >
 * 0}) every line appended since. With interval 0 the source is bounded. Invalid lines are logged
 * and skipped. After a restart every line is read again: the consumer stores verdicts by identity,
 * so that is harmless. Run it with parallelism 1. (Legacy SourceFunction, like {@link
 * PolicyDirectorySource}; it never holds back the watermark.)
 */
public class FeedbackDirectorySource extends RichSourceFunction<Feedback> {
  private static final Logger LOG = LoggerFactory.getLogger(FeedbackDirectorySource.class);

  private final String dir;
  private final long pollIntervalMs;
  private volatile boolean running = true;

  public FeedbackDirectorySource(String dir, long pollIntervalMs) {
    this.dir = dir;
    this.pollIntervalMs = pollIntervalMs;
  }

  @Override
  public void run(SourceContext<Feedback> ctx) throws Exception {
    ctx.emitWatermark(Watermark.MAX_WATERMARK);
    Map<Path, Integer> linesRead = new HashMap<>();
    while (running) {
      for (Path file : files()) {
        List<String> lines;
        try {
          lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
          LOG.warn("cannot read feedback file {}: {}", file, e.toString());
          continue;
        }
        // Only complete lines: a line being appended has no newline yet.
        int complete = lines.size();
        if (complete > 0 && !endsWithNewline(file)) complete--;
        int from = linesRead.getOrDefault(file, 0);
        for (int i = from; i < complete; i++) {
          String line = lines.get(i).strip();
          if (line.isEmpty()) continue;
          try {
            Feedback f = Feedback.parse(line);
            synchronized (ctx.getCheckpointLock()) {
              ctx.collect(f);
            }
          } catch (IllegalArgumentException e) {
            LOG.warn("{}:{}: ignoring invalid feedback: {}", file, i + 1, e.getMessage());
          }
        }
        linesRead.put(file, Math.max(from, complete));
      }
      if (pollIntervalMs <= 0) return;
      Thread.sleep(Math.max(pollIntervalMs, 200));
    }
  }

  private List<Path> files() {
    Path root = Path.of(dir);
    if (!Files.isDirectory(root)) return List.of();
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".jsonl") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      LOG.warn("cannot list feedback folder {}: {}", dir, e.toString());
      return List.of();
    }
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    return b.length == 0 || b[b.length - 1] == '\n';
  }

  @Override
  public void cancel() {
    running = false;
  }
}
