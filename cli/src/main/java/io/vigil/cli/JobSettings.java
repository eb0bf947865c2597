package io.vigil.cli;

import io.vigil.jobs.VigilOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code -D key=value}: any job option, for every command that runs the job (a {@code @Mixin}). */
public final class JobSettings {
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = {"-D", "--set"},
      description = "Any configuration option, key=value (see the README's table).")
  Map<String, String> settings = new LinkedHashMap<>();

  /** The settings as a configuration; an unknown vigil.* key is rejected with a clear message. */
  public Configuration toConfiguration() {
    for (String key : settings.keySet()) {
      if (key.startsWith("vigil.")
          && VigilOptions.all().stream().noneMatch(o -> o.key().equals(key))) {
        throw new ParameterException(
            command.commandLine(), "unknown option -D " + key + " (see ./vigil options)");
      }
    }
    return Configuration.fromMap(new LinkedHashMap<>(settings));
  }
}
