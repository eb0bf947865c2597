package io.vigil.cli;

import io.vigil.actuator.store.LedgerEntry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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

  @Mixin ActionRequest request;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!request.validId(err)) return 2;
    String actionId = request.actionId;
    LedgerEntry e = request.entry();
    if (e == null || e.state != LedgerEntry.State.APPLIED) {
      return ActionRequest.refuse(
          err,
          actionId
              + " is "
              + (e == null ? "unknown" : e.state)
              + "; only APPLIED actions roll back.");
    }
    request
        .approvals()
        .requestRollback(actionId, request.by, System.currentTimeMillis(), request.reason);
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
