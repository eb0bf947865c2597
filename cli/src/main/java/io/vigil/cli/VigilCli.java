package io.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command line. */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    version = "vigil 0.1.0",
    description = "Real-time FinOps and security watch for AWS serverless fleets.",
    subcommands = {
      RunCommand.class,
      SimulateCommand.class,
      ReplayCommand.class,
      BenchCommand.class,
      RecordCommand.class,
      EvalCommand.class,
      OptionsCommand.class,
      EsCommand.class,
      PolicyCommand.class,
      FeedbackCommand.class,
      ApproveCommand.class,
      RollbackCommand.class,
      ActuatorCommand.class
    })
public final class VigilCli implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(
        new CommandLine(new VigilCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }
}
