package io.vigil.actuator;

import io.vigil.models.policy.FunctionManifest;
import io.vigil.models.policy.PolicyLoadResult;
import io.vigil.models.policy.PolicyLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * RIGHTSIZE never touches AWS: it becomes a unified diff against the function's GitOps manifest
 * ({@code kind: LambdaFunction}, {@code spec.memorySize}), applicable with {@code git apply} or
 * {@code patch -p1} from the manifests folder, for a human to review and merge.
 */
public final class RightsizePatcher {
  private static final int CONTEXT = 3;
  private final Path manifestsDir;

  public RightsizePatcher(Path manifestsDir) {
    this.manifestsDir = manifestsDir;
  }

  /** The patch text, or empty when no manifest declares the function. */
  public Optional<String> patch(String functionName, int newMemoryMb) {
    if (manifestsDir == null || !Files.isDirectory(manifestsDir)) return Optional.empty();
    List<Path> files;
    try (Stream<Path> s = Files.walk(manifestsDir)) {
      files =
          s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path f : files) {
      String rel = manifestsDir.relativize(f).toString().replace('\\', '/');
      String text;
      try {
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        continue;
      }
      PolicyLoadResult r = PolicyLoader.loadTexts(Map.of(rel, text));
      if (!r.valid()) continue;
      FunctionManifest m = r.set().manifests().get(functionName);
      if (m != null) return Optional.of(diff(rel, text, m.memorySizeLine(), newMemoryMb));
    }
    return Optional.empty();
  }

  static String diff(String rel, String text, int line, int newMb) {
    List<String> lines = text.lines().toList();
    String old = lines.get(line - 1);
    String replaced = old.replaceFirst("(memorySize:\\s*)\\d+", "$1" + newMb);
    int from = Math.max(1, line - CONTEXT);
    int to = Math.min(lines.size(), line + CONTEXT);
    int count = to - from + 1;
    StringBuilder sb = new StringBuilder();
    sb.append("--- a/").append(rel).append('\n');
    sb.append("+++ b/").append(rel).append('\n');
    sb.append("@@ -")
        .append(from)
        .append(',')
        .append(count)
        .append(" +")
        .append(from)
        .append(',')
        .append(count)
        .append(" @@\n");
    for (int i = from; i <= to; i++) {
      if (i == line) {
        sb.append('-').append(old).append('\n');
        sb.append('+').append(replaced).append('\n');
      } else {
        sb.append(' ').append(lines.get(i - 1)).append('\n');
      }
    }
    return sb.toString();
  }
}
