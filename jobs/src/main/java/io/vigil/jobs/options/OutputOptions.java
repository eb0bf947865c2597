package io.vigil.jobs.options;

import io.vigil.operators.config.OptionLists;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/** The local outputs: JSONL files and the console. The only place their defaults live. */
public final class OutputOptions {
  private OutputOptions() {}

  public static final ConfigOption<String> OUTPUT_DIR =
      ConfigOptions.key("vigil.output.dir")
          .stringType()
          .defaultValue("out")
          .withDescription(
              "Folder for the local JSONL outputs: findings, metrics, actions, dead-letters.");

  public static final ConfigOption<Boolean> CONSOLE =
      ConfigOptions.key("vigil.output.console")
          .booleanType()
          .defaultValue(true)
          .withDescription("Print one readable line per finding on standard output.");

  public static List<ConfigOption<?>> all() {
    return OptionLists.declaredIn(OutputOptions.class);
  }
}
