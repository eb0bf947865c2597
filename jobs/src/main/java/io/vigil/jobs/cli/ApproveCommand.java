package io.vigil.jobs.cli;

import io.vigil.actuator.store.ActionLedger;
import io.vigil.actuator.store.ApprovalStore;
import io.vigil.actuator.store.AtomicFiles;
import io.vigil.actuator.store.LedgerEntry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil approve ACTION_ID}: records an approval the actuator picks up on its next tick. */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Approves an action in mode approval. The actuator applies it (guardrails still apply)",
      "on its next tick. An id not seen yet is pre-approved."
    })
public final class ApproveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ACTION_ID")
  String actionId;

  @Option(
      names = "--store",
      defaultValue = "actuator-state",
      description = "Actuator state folder shared with the actuator (default: actuator-state).")
  Path store;

  @Option(
      names = "--by",
      defaultValue = "${sys:user.name}",
      description = "Who approves (default: the OS user).")
  String by;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!AtomicFiles.safeName(actionId)) {
      err.println("invalid action id: " + actionId);
      err.flush();
      return 2;
    }
    LedgerEntry e = ActionLedger.read(store, actionId);
    if (e != null && e.state != LedgerEntry.State.AWAITING_APPROVAL) {
      err.println(actionId + " is " + e.state + ", not awaiting approval; nothing to approve.");
      err.flush();
      return 1;
    }
    new ApprovalStore(store).approve(actionId, by, System.currentTimeMillis());
    out.println(
        "approved "
            + actionId
            + (e == null
                ? " (not seen yet: pre-approved)"
                : " (" + e.action.type + " " + e.action.functionName + ")"));
    out.flush();
    return 0;
  }
}
