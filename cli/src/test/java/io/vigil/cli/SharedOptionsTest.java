package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.jobs.VigilOptions;
import io.vigil.models.event.StreamKind;
import io.vigil.models.sim.SimulationConfig;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** Option groups declared once (picocli mixins) behave the same in every command using them. */
class SharedOptionsTest {
  static CommandLine.ParseResult parse(String... args) {
    return new CommandLine(new VigilCli()).parseArgs(args);
  }

  static Object leaf(CommandLine.ParseResult r) {
    while (r.hasSubcommand()) r = r.subcommand();
    return r.commandSpec().userObject();
  }

  static List<List<String>> jobCommands() {
    return List.of(
        List.of("run"),
        List.of("replay", "--input", "rec"),
        List.of("eval", "labelled", "--recording", "rec", "--labels", "l.json"),
        List.of("bench"));
  }

  static JobSettings settingsOf(Object command) {
    if (command instanceof RunCommand c) return c.settings;
    if (command instanceof ReplayCommand c) return c.settings;
    if (command instanceof BenchCommand c) return c.settings;
    return ((EvalCommand.Labelled) command).settings;
  }

  @Test
  void everyJobCommandTakesTheSameValidatedSettings() {
    for (List<String> base : jobCommands()) {
      String[] ok = concat(base, "-D", "vigil.output.console=false", "-D", "x.y=1");
      Configuration conf = settingsOf(leaf(parse(ok))).toConfiguration();
      assertThat(conf.get(VigilOptions.CONSOLE)).as(base.toString()).isFalse();
      assertThat(conf.toMap()).containsEntry("x.y", "1");

      JobSettings bad = settingsOf(leaf(parse(concat(base, "--set", "vigil.no-such=1"))));
      assertThatThrownBy(bad::toConfiguration)
          .as(base.toString())
          .isInstanceOf(ParameterException.class)
          .hasMessageContaining("unknown option -D vigil.no-such");
    }
  }

  @Test
  void simulateAndRecordShareTheStreamOptions() {
    String[] where = {"--region", "eu-west-1", "--streams", "l,f,b"};
    SimulateCommand sim = (SimulateCommand) leaf(parse(concat(List.of("simulate"), where)));
    RecordCommand rec = (RecordCommand) leaf(parse(concat(List.of("record"), where)));
    Map<StreamKind, String> expected =
        Map.of(StreamKind.LAMBDA_LOGS, "l", StreamKind.FLOW_LOGS, "f", StreamKind.BILLING, "b");
    assertThat(sim.kinesis.byKind()).isEqualTo(expected);
    assertThat(rec.kinesis.byKind()).isEqualTo(expected);
    assertThat(sim.kinesis.region).isEqualTo("eu-west-1").isEqualTo(rec.kinesis.region);
  }

  @Test
  void runAndSimulateDescribeTheSameFleet() {
    String[] fleet = {"--functions", "7", "--seed", "9"};
    RunCommand run = (RunCommand) leaf(parse(concat(List.of("run"), fleet)));
    SimulateCommand sim = (SimulateCommand) leaf(parse(concat(List.of("simulate"), fleet)));
    Configuration conf = run.toConfiguration();
    SimulationConfig config = sim.fleet.applyTo(new SimulationConfig());
    assertThat(conf.get(VigilOptions.SIM_FUNCTIONS)).isEqualTo(config.functions).isEqualTo(7);
    assertThat(conf.get(VigilOptions.SIM_SEED)).isEqualTo(config.seed).isEqualTo(9L);
    // Unset: both keep the same defaults.
    SimulationConfig defaults =
        ((SimulateCommand) leaf(parse("simulate"))).fleet.applyTo(new SimulationConfig());
    assertThat(defaults.functions).isEqualTo(VigilOptions.SIM_FUNCTIONS.defaultValue());
    assertThat(defaults.seed).isEqualTo(VigilOptions.SIM_SEED.defaultValue());
  }

  @Test
  void approveAndRollbackShareTheRequestOptions() {
    String[] req = {"act-1", "--store", "st", "--by", "alice", "--reason", "INC-7"};
    ActionRequest a = ((ApproveCommand) leaf(parse(concat(List.of("approve"), req)))).request;
    ActionRequest r = ((RollbackCommand) leaf(parse(concat(List.of("rollback"), req)))).request;
    for (ActionRequest x : List.of(a, r)) {
      assertThat(x.actionId).isEqualTo("act-1");
      assertThat(x.store.toString()).isEqualTo("st");
      assertThat(x.by).isEqualTo("alice");
      assertThat(x.reason).isEqualTo("INC-7");
    }
  }

  static String[] concat(List<String> base, String... more) {
    String[] out = base.toArray(new String[base.size() + more.length]);
    System.arraycopy(more, 0, out, base.size(), more.length);
    return out;
  }
}
