package io.vigil.cli;

import io.vigil.models.policy.PolicyError;
import io.vigil.models.policy.PolicyLoadResult;
import io.vigil.models.policy.PolicyLoader;
import io.vigil.models.policy.PolicySet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil policy ...}: policies as code. */
@Command(
    name = "policy",
    mixinStandardHelpOptions = true,
    description = "Policies as code (see docs/remediation.md).",
    subcommands = {PolicyCommand.Validate.class})
public final class PolicyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code vigil policy validate DIR}: exit 0 when the whole folder is valid, 1 otherwise. */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Validates every *.yaml/*.yml under DIR (Policy and LambdaFunction documents).",
        "Errors are printed as file:line:column: field 'x': message; exit code 1 on any error."
      })
  public static final class Validate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of policy YAML files.")
    Path dir;

    @Override
    public Integer call() {
      PolicyLoadResult r = PolicyLoader.load(dir);
      if (!r.valid()) {
        PrintWriter err = spec.commandLine().getErr();
        for (PolicyError e : r.errors()) err.println(e);
        err.println(r.errors().size() + " error(s); nothing loaded.");
        err.flush();
        return 1;
      }
      PolicySet set = r.set();
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "OK: "
              + set.policies().size()
              + " policies, "
              + set.manifests().size()
              + " function manifests in "
              + dir);
      out.flush();
      return 0;
    }
  }
}
