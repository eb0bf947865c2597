package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code vigil bench --middle HH:MM}: parsed as a time of day, refused where it has no meaning. */
class BenchMiddleOptionTest {
  @Test
  void takesATimeOfDay() {
    BenchCommand bench = (BenchCommand) SharedOptionsTest.leaf(parse("bench", "--middle", "09:00"));
    assertThat(bench.middle).isEqualTo(LocalTime.of(9, 0));
    assertThat(((BenchCommand) SharedOptionsTest.leaf(parse("bench"))).middle).isNull();
  }

  @Test
  void refusesWhatIsNotATimeOfDay() {
    StringWriter err = new StringWriter();
    int code = cli(err).execute("bench", "--middle", "25:00");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--middle");
  }

  @Test
  void refusesItWithLatencyBeforeMeasuringAnything(@TempDir Path work) {
    StringWriter err = new StringWriter();
    int code =
        cli(err).execute("bench", "--latency", "--middle", "09:00", "--work", work.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--middle applies to throughput runs and --curve");
    assertThat(work.toFile().list()).isEmpty();
  }

  private static CommandLine.ParseResult parse(String... args) {
    return SharedOptionsTest.parse(args);
  }

  private static CommandLine cli(StringWriter err) {
    CommandLine cli = new CommandLine(new VigilCli());
    cli.setErr(new PrintWriter(err));
    return cli;
  }
}
