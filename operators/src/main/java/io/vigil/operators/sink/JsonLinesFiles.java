package io.vigil.operators.sink;

import io.vigil.models.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the committed lines of a {@link JsonLinesSink} output: the {@code *.jsonl} part files of
 * {@code <dir>/<name>/}, skipping hidden in-progress files, so a reader never sees a line a
 * failover could take back.
 */
public final class JsonLinesFiles {
  /** Suffix of committed part files. */
  public static final String SUFFIX = ".jsonl";

  private JsonLinesFiles() {}

  /** The committed part files of output {@code name}, by name; none if the folder is missing. */
  public static List<Path> committedFiles(Path directory, String name) {
    Path folder = directory.resolve(name);
    if (!Files.isDirectory(folder)) return List.of();
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(
              p -> {
                String f = p.getFileName().toString();
                return !f.startsWith(".") && f.endsWith(SUFFIX);
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every committed, non-blank line of output {@code name}. */
  public static List<String> lines(Path directory, String name) {
    List<String> out = new ArrayList<>();
    for (Path file : committedFiles(directory, name)) {
      try {
        for (String line : Files.readAllLines(file)) {
          if (!line.isBlank()) out.add(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** Every committed line of output {@code name}, parsed as {@code type}. */
  public static <T> List<T> read(Path directory, String name, Class<T> type) {
    return lines(directory, name).stream().map(l -> Json.read(l, type)).toList();
  }
}
