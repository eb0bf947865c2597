package io.vigil.models.eval.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A corpus in the Numenta Anomaly Benchmark layout: {@code data/<category>/<name>.csv} (header
 * {@code timestamp,value}) plus {@code combined_windows.json}. Timestamps are {@code yyyy-MM-dd
 * HH:mm:ss} (optionally with a fractional part) interpreted as UTC.
 */
public final class NabCorpus {

  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** An anomaly window as inclusive row indices. */
  public record Window(int start, int end) {
    public Window {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("bad window " + start + ".." + end);
      }
    }

    public int width() {
      return end - start + 1;
    }
  }

  /**
   * One data file.
   *
   * @param name relative name {@code <category>/<file>.csv}, the key of combined_windows.json
   * @param timestamps epoch millis, UTC
   * @param values observed values
   * @param windows anomaly windows sorted by start
   */
  public record Series(String name, long[] timestamps, double[] values, List<Window> windows) {
    public Series {
      if (timestamps.length != values.length) {
        throw new IllegalArgumentException("length mismatch in " + name);
      }
      windows = List.copyOf(windows);
    }

    public int size() {
      return values.length;
    }
  }

  private final List<Series> series;

  public NabCorpus(List<Series> series) {
    this.series = List.copyOf(series);
  }

  public List<Series> series() {
    return series;
  }

  /** Total number of labelled windows. */
  public int windowCount() {
    return series.stream().mapToInt(s -> s.windows().size()).sum();
  }

  /** Parses a NAB timestamp as UTC epoch millis; a fractional-seconds suffix is ignored. */
  public static long parseTimestamp(String text) {
    String t = text.trim();
    if (t.length() > 19) {
      t = t.substring(0, 19);
    }
    return LocalDateTime.parse(t, TS).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  /** Loads {@code root/data/*\/*.csv} and {@code root/combined_windows.json}. */
  public static NabCorpus load(Path root) {
    try {
      Path windowsFile = root.resolve("combined_windows.json");
      JsonNode windows =
          Files.exists(windowsFile) ? new ObjectMapper().readTree(windowsFile.toFile()) : null;
      List<Path> files;
      try (Stream<Path> s = Files.walk(root.resolve("data"), 2)) {
        files =
            s.filter(p -> p.getFileName().toString().endsWith(".csv"))
                .filter(Files::isRegularFile)
                .sorted(Comparator.comparing(Path::toString))
                .toList();
      }
      List<Series> out = new ArrayList<>();
      for (Path f : files) {
        String name = root.resolve("data").relativize(f).toString().replace('\\', '/');
        out.add(readSeries(name, f, windows == null ? null : windows.get(name)));
      }
      return new NabCorpus(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Series readSeries(String name, Path file, JsonNode windowsNode)
      throws IOException {
    long[] ts = new long[1024];
    double[] vs = new double[1024];
    int n = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = r.readLine(); // header
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        int comma = line.indexOf(',');
        if (n == ts.length) {
          ts = Arrays.copyOf(ts, n * 2);
          vs = Arrays.copyOf(vs, n * 2);
        }
        ts[n] = parseTimestamp(line.substring(0, comma));
        vs[n] = Double.parseDouble(line.substring(comma + 1).trim());
        n++;
      }
    }
    ts = Arrays.copyOf(ts, n);
    vs = Arrays.copyOf(vs, n);
    List<Window> ws = new ArrayList<>();
    if (windowsNode != null) {
      for (Iterator<JsonNode> it = windowsNode.elements(); it.hasNext(); ) {
        JsonNode w = it.next();
        long start = parseTimestamp(w.get(0).asText());
        long end = parseTimestamp(w.get(1).asText());
        int si = firstAtOrAfter(ts, start);
        int ei = firstAtOrAfter(ts, end + 1) - 1;
        if (si < n && ei >= si) {
          ws.add(new Window(si, ei));
        }
      }
    }
    ws.sort(Comparator.comparingInt(Window::start));
    return new Series(name, ts, vs, ws);
  }

  private static int firstAtOrAfter(long[] ts, long t) {
    int lo = 0;
    int hi = ts.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ts[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Convenience for callers that want a map keyed by series name. */
  public Map<String, Series> byName() {
    Map<String, Series> m = new java.util.LinkedHashMap<>();
    series.forEach(s -> m.put(s.name(), s));
    return m;
  }
}
