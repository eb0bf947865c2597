package io.vigil.cli;

import io.vigil.actuator.ActuatorConfig;
import io.vigil.actuator.ActuatorMain;
import io.vigil.actuator.ActuatorOptions;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil actuator run}: the remediation consumer. */
@Command(
    name = "actuator",
    mixinStandardHelpOptions = true,
    description = "The guarded remediation actuator.",
    subcommands = {ActuatorCommand.Run.class})
public final class ActuatorCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Polls the remediation stream until interrupted (Ctrl-C / SIGTERM). */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description = {
        "Consumes the remediation topic and acts under guardrails. Dry-run unless --no-dry-run.",
        "HMAC key from VIGIL_HMAC_KEY, or Secrets Manager secret VIGIL_HMAC_SECRET_ID;"
            + " or --kms-key-id to verify asymmetric KMS signatures."
      })
  public static final class Run implements Callable<Integer> {
    /** The actuator's settings, declared once (flags, defaults, descriptions) in the actuator. */
    @Mixin ActuatorOptions options = new ActuatorOptions();

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ActuatorConfig c = config();
      AtomicBoolean stop = new AtomicBoolean();
      Thread main = Thread.currentThread();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    stop.set(true);
                    try {
                      main.join(10_000);
                    } catch (InterruptedException ignored) {
                      Thread.currentThread().interrupt();
                    }
                  }));
      ActuatorMain.run(c, c.verifier(System.getenv()), stop);
      return 0;
    }

    /** The validated settings; a value a flag may not take is a usage error naming the flag. */
    ActuatorConfig config() {
      try {
        return options.build();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
  }
}
