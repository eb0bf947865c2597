package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class EsCommandTest {
  @Test
  void everySetupOptionIsDocumentedInHelp() {
    CommandLine cli = new CommandLine(new VigilCli());
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("es", "setup", "--help")).isZero();
    String help = out.toString();
    CommandLine setup = cli.getSubcommands().get("es").getSubcommands().get("setup");
    for (OptionSpec option : setup.getCommandSpec().options()) {
      assertThat(help).contains(option.longestName());
      assertThat(String.join(" ", option.description())).as(option.longestName()).isNotBlank();
    }
    assertThat(help)
        .contains("--url", "--kibana-url", "--index-prefix", "--ca-file", "--secret-arn");
  }

  @Test
  void urlIsRequired() {
    CommandLine cli = new CommandLine(new VigilCli());
    cli.setErr(new PrintWriter(new StringWriter()));
    assertThat(cli.execute("es", "setup")).isNotZero();
  }
}
