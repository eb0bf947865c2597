package io.vigil.cli;

import io.vigil.actuator.store.LedgerEntry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil approve ACTION_ID --reason TEXT}: records an approval (who, the OS user that ran the
 * command, when, why) the actuator picks up on its next tick. An id the actuator has not seen is
 * refused unless {@code --pre-approve} says that is intended, so a typo cannot pass silently.
 */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = {
      "Approves an action awaiting approval. The actuator applies it on its next tick; guardrails",
      "(and the actuator's dry-run) still apply. An unknown id fails unless --pre-approve."
    })
public final class ApproveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ActionRequest request;

  @Option(
      names = "--pre-approve",
      description = "Approve an id the actuator has not seen yet (it must then arrive as is).")
  boolean preApprove;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!request.validId(err)) return 2;
    String actionId = request.actionId;
    LedgerEntry e = request.entry();
    if (e == null && !preApprove) {
      return ActionRequest.refuse(
          err,
          "unknown action id "
              + actionId
              + " in "
              + request.store
              + "; nothing approved (use --pre-approve to approve an id not seen yet).");
    }
    if (e != null && e.state != LedgerEntry.State.AWAITING_APPROVAL) {
      return ActionRequest.refuse(
          err, actionId + " is " + e.state + ", not awaiting approval; nothing to approve.");
    }
    request.approvals().approve(actionId, request.by, System.currentTimeMillis(), request.reason);
    out.println(
        "approved "
            + actionId
            + " by "
            + request.by
            + (e == null
                ? " (not seen yet: pre-approved)"
                : " (" + e.action.type + " " + e.action.target + ")"));
    out.flush();
    return 0;
  }
}
