package io.vigil.cli;

import io.vigil.jobs.VigilOptions;
import picocli.CommandLine.Command;

/** {@code vigil options}: the configuration table (the README's table is checked against it). */
@Command(
    name = "options",
    mixinStandardHelpOptions = true,
    description = "Prints every configuration option with its default and description (Markdown).")
public final class OptionsCommand implements Runnable {
  @Override
  public void run() {
    System.out.print(VigilOptions.markdownTable());
  }
}
