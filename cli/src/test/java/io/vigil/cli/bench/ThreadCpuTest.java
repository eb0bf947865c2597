package io.vigil.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  @Test
  void aStatLineGivesTheNameAndUserPlusSystemSeconds() {
    // utime 250 and stime 50 ticks (fields 14 and 15); the name holds a space and a parenthesis
    String stat =
        "4242 (Source: Rep)lay) S 1 4200 4200 0 -1 4194624 900 0 0 0 250 50 0 0 20 0 90 0"
            + " 123 456 789";
    assertThat(ThreadCpu.parseStat(stat))
        .hasValueSatisfying(
            e -> {
              assertThat(e.getKey()).isEqualTo("Source: Rep)lay");
              assertThat(e.getValue()).isEqualTo(3.0);
            });
    assertThat(ThreadCpu.parseStat("garbage")).isEmpty();
  }

  @Test
  void threadNamesFallIntoTheirGroups() {
    assertThat(ThreadCpu.group("Source: Replay ")).isEqualTo("source+decode");
    assertThat(ThreadCpu.group("vigil-decode-1")).isEqualTo("decode pool");
    assertThat(ThreadCpu.group("Profile functio")).isEqualTo("profile (keyed)");
    assertThat(ThreadCpu.group("Detect anomalie")).isEqualTo("detect");
    assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("JIT");
    assertThat(ThreadCpu.group("GC Thread#1")).isEqualTo("GC");
    assertThat(ThreadCpu.group("G1 Conc#0")).isEqualTo("GC");
    assertThat(ThreadCpu.group("flink-pekko.act")).isEqualTo("other");
  }

  @Test
  void theSamplerChargesTheCpuAThreadBurnsWhileItRuns() throws Exception {
    assumeTrue(ThreadCpu.available(), "Linux /proc only");
    ThreadCpu.Sampler sampler = new ThreadCpu.Sampler();
    sampler.start();
    Thread burner =
        new Thread(
            () -> {
              long end = System.nanoTime() + 600_000_000L;
              double x = 0;
              while (System.nanoTime() < end) x += Math.sqrt(x + 1);
              if (x < 0) System.out.println(x);
            },
            "vigil-decode-9");
    burner.start();
    burner.join();
    Map<String, Double> groups = sampler.stop();
    assertThat(groups).containsKeys("source+decode", "JIT", "GC", "other");
    assertThat(groups.get("decode pool")).isGreaterThan(0.0);
    assertThat(ThreadCpu.format(groups)).contains("decode pool");
  }
}
