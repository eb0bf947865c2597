package io.vigil.cli.bench;

import io.vigil.operators.decode.DecodePoolOperator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CPU time of this process split by thread group, from {@code /proc/self/task/<tid>/stat} (Linux
 * only: elsewhere {@link #available()} is false and nothing is sampled). Thread names there are the
 * first 15 characters of the Java name, which for Flink's task threads is the name of the chain's
 * first operator: enough to tell the stages apart. Threads end with the job (task threads, the
 * decode pool), so a {@link Sampler} reads every thread's figure while the job runs and keeps the
 * last one seen.
 */
public final class ThreadCpu {
  private ThreadCpu() {}

  private static final Path TASKS = Path.of("/proc/self/task");

  /** Clock ticks per second of {@code utime}/{@code stime}: 100 on every Linux build in use. */
  private static final double TICKS_PER_SECOND = 100.0;

  /** The groups in print order, each with the name prefixes (first 15 characters) it takes. */
  static final Map<String, List<String>> GROUPS = groups();

  private static Map<String, List<String>> groups() {
    Map<String, List<String>> g = new LinkedHashMap<>();
    g.put("source+decode", List.of("Source:"));
    g.put("decode pool", List.of(DecodePoolOperator.THREAD_PREFIX));
    g.put("profile (keyed)", List.of("Profile"));
    g.put("detect", List.of("Detect"));
    g.put(
        "plan+sinks",
        List.of(
            "Plan ",
            "Enforce",
            "Findings",
            "Suppressed",
            "Metrics",
            "Actions",
            "Rejected",
            "Dead letters"));
    g.put("JIT", List.of("C1 CompilerThre", "C2 CompilerThre"));
    g.put("GC", List.of("GC Thread", "G1 "));
    return g;
  }

  public static boolean available() {
    return Files.isDirectory(TASKS);
  }

  /** The group of a thread name; {@code other} when none matches. */
  static String group(String threadName) {
    for (Map.Entry<String, List<String>> g : GROUPS.entrySet()) {
      for (String prefix : g.getValue()) if (threadName.startsWith(prefix)) return g.getKey();
    }
    return "other";
  }

  /** Name and CPU seconds (user + system) of one {@code stat} line; empty if unreadable. */
  static Optional<Map.Entry<String, Double>> parseStat(String stat) {
    int open = stat.indexOf('(');
    int close = stat.lastIndexOf(')'); // the name may itself hold parentheses and spaces
    if (open < 0 || close < open) return Optional.empty();
    String[] f = stat.substring(close + 2).split(" ");
    if (f.length < 13) return Optional.empty();
    double seconds = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
    return Optional.of(Map.entry(stat.substring(open + 1, close), seconds));
  }

  /** Every live thread of this process: tid -> (name, CPU seconds). */
  static Map<String, Map.Entry<String, Double>> snapshot() {
    Map<String, Map.Entry<String, Double>> out = new HashMap<>();
    try (var tids = Files.list(TASKS)) {
      for (Path tid : (Iterable<Path>) tids::iterator) {
        try {
          parseStat(Files.readString(tid.resolve("stat")))
              .ifPresent(e -> out.put(tid.getFileName().toString(), e));
        } catch (IOException | RuntimeException gone) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException e) {
      // no /proc: nothing to report
    }
    return out;
  }

  /**
   * Samples every thread's CPU time from {@link #start} to {@link #stop} on its own daemon thread,
   * and returns the CPU seconds each group used in between (threads started in between count from
   * zero; a thread's last 0.2 s before it ended may be missed).
   */
  public static final class Sampler {
    private final Map<String, Map.Entry<String, Double>> base = new HashMap<>();
    private final Map<String, Map.Entry<String, Double>> last = new HashMap<>();
    private volatile boolean running;
    private Thread thread;

    public void start() {
      if (!available()) return;
      base.putAll(snapshot());
      running = true;
      thread =
          new Thread(
              () -> {
                while (running) {
                  sample();
                  try {
                    Thread.sleep(200);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "bench-thread-cpu");
      thread.setDaemon(true);
      thread.start();
    }

    private void sample() {
      Map<String, Map.Entry<String, Double>> now = snapshot();
      synchronized (last) {
        last.putAll(now);
      }
    }

    /** CPU seconds per group since {@link #start}, in {@link #GROUPS} order then {@code other}. */
    public Map<String, Double> stop() throws InterruptedException {
      Map<String, Double> out = new LinkedHashMap<>();
      if (thread == null) return out;
      running = false;
      thread.join();
      sample();
      for (String g : GROUPS.keySet()) out.put(g, 0.0);
      out.put("other", 0.0);
      synchronized (last) {
        for (Map.Entry<String, Map.Entry<String, Double>> t : last.entrySet()) {
          Map.Entry<String, Double> before = base.get(t.getKey());
          boolean same = before != null && before.getKey().equals(t.getValue().getKey());
          double used = t.getValue().getValue() - (same ? before.getValue() : 0.0);
          out.merge(group(t.getValue().getKey()), used, Double::sum);
        }
      }
      return out;
    }
  }

  /** One line: each group's CPU seconds and share of their sum, e.g. {@code JIT 1.8 s (15%)}. */
  public static String format(Map<String, Double> groups) {
    if (groups.isEmpty()) return "n/a (no /proc/self/task)";
    double total = groups.values().stream().mapToDouble(Double::doubleValue).sum();
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> g : groups.entrySet()) {
      if (sb.length() > 0) sb.append(", ");
      sb.append(
          String.format(
              java.util.Locale.ROOT,
              "%s %.1f s (%.0f%%)",
              g.getKey(),
              g.getValue(),
              total == 0 ? 0 : 100 * g.getValue() / total));
    }
    return sb.toString();
  }
}
