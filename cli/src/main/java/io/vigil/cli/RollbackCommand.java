package io.vigil.cli;

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

/**
 * {@code vigil rollback ACTION_ID}: asks the actuator to restore the prior state. The actuator is
 * the only writer of its ledger, so the command leaves a request the actuator executes on its next
 * tick (seconds), with the same crash-safe intent/ledger sequence as an expiry. The request (who,
 * the OS user, why) is kept after execution in {@code rollback-requests/done/}.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = "Rolls back an applied action (restores the saved prior state).")
public final class RollbackCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ACTION_ID")
  String actionId;

  @Option(
      names = "--store",
      defaultValue = "actuator-state",
      description = "Actuator state folder shared with the actuator (default: actuator-state).")
  Path store;

  @Option(names = "--by", defaultValue = "${sys:user.name}", description = "Who asks.")
  String by;

  @Option(names = "--reason", required = true, description = "Why (kept with the request).")
  String reason;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!AtomicFiles.safeName(actionId)) {
      err.println("invalid action id: " + ApproveCommand.shown(actionId));
      err.flush();
      return 2;
    }
    LedgerEntry e = ActionLedger.read(store, actionId);
    if (e == null || e.state != LedgerEntry.State.APPLIED) {
      err.println(
          actionId
              + " is "
              + (e == null ? "unknown" : e.state)
              + "; only APPLIED actions roll back.");
      err.flush();
      return 1;
    }
    new ApprovalStore(store).requestRollback(actionId, by, System.currentTimeMillis(), reason);
    out.println(
        "rollback requested for "
            + actionId
            + " ("
            + e.action.type
            + " "
            + e.action.target
            + "); the actuator restores it on its next tick.");
    out.flush();
    return 0;
  }
}
