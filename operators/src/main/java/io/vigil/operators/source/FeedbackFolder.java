package io.vigil.operators.source;

import io.vigil.models.finding.Feedback;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The complete feedback lines of a folder's {@code *.jsonl} files not emitted before. */
final class FeedbackFolder implements FolderSource.Reader<Feedback> {
  private static final Logger LOG = LoggerFactory.getLogger(FeedbackFolder.class);

  private final Map<Path, Integer> linesRead = new HashMap<>();

  @Override
  public List<Feedback> poll(Path dir) {
    List<Feedback> out = new ArrayList<>();
    for (Path file : files(dir)) {
      List<String> lines;
      int complete;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        // Only complete lines: a line being appended has no newline yet.
        complete = lines.size();
        if (complete > 0 && !endsWithNewline(file)) complete--;
      } catch (IOException e) {
        LOG.warn("cannot read feedback file {}: {}", file, e.toString());
        continue;
      }
      int from = linesRead.getOrDefault(file, 0);
      for (int i = from; i < complete; i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty()) continue;
        try {
          out.add(Feedback.parse(line));
        } catch (IllegalArgumentException e) {
          LOG.warn("{}:{}: ignoring invalid feedback: {}", file, i + 1, e.getMessage());
        }
      }
      linesRead.put(file, Math.max(from, complete));
    }
    return out;
  }

  private static List<Path> files(Path root) {
    if (!Files.isDirectory(root)) return List.of();
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".jsonl") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      LOG.warn("cannot list feedback folder {}: {}", root, e.toString());
      return List.of();
    }
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    return b.length == 0 || b[b.length - 1] == '\n';
  }
}
