package io.vigil.cli.report;

import io.vigil.models.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Reads one local JSONL output of a finished job, whatever the sink's file layout: every {@code
 * *.jsonl} under the output folder (sub-folders included) whose file name, or a folder between it
 * and the output folder, starts with the output's name ({@code findings.jsonl}, {@code
 * findings-1.jsonl}, {@code findings/part-0-3.jsonl}). In-progress files of a file sink are hidden
 * ({@code .part...}) or not {@code *.jsonl} and are skipped. Records are de-duplicated by their
 * deterministic id (the last copy wins), so an at-least-once output reads like an exactly-once one.
 */
public final class OutputFiles {
  private OutputFiles() {}

  /** The files of output {@code name}, in a stable order. */
  public static List<Path> files(Path dir, String name) throws IOException {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(".jsonl"))
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .filter(f -> belongsTo(dir.relativize(f), name))
          .sorted()
          .toList();
    }
  }

  /** The file name or one of its folders (below the output folder) starts with the name. */
  static boolean belongsTo(Path relative, String name) {
    for (Path part : relative) {
      String s = part.toString();
      if (s.equals(name + ".jsonl") || s.equals(name) || s.startsWith(name + "-")) return true;
      if (s.startsWith(name + ".") || s.startsWith(name + "_")) return true;
    }
    return false;
  }

  /** The records of output {@code name}, one per id. Blank lines are skipped. */
  public static <T> List<T> read(Path dir, String name, Class<T> type, Function<T, String> id)
      throws IOException {
    Map<String, T> byId = new LinkedHashMap<>();
    List<T> withoutId = new ArrayList<>();
    for (Path f : files(dir, name)) {
      try (Stream<String> lines = Files.lines(f)) {
        lines
            .filter(l -> !l.isBlank())
            .forEach(
                l -> {
                  T record = parse(f, l, type);
                  String key = id.apply(record);
                  if (key == null) withoutId.add(record);
                  else byId.put(key, record);
                });
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
    List<T> all = new ArrayList<>(byId.values());
    all.addAll(withoutId);
    return all;
  }

  private static <T> T parse(Path file, String line, Class<T> type) {
    try {
      return Json.read(line, type);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("unreadable line in " + file + ": " + e.getMessage(), e);
    }
  }
}
