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
      description = "Who approves (default: the OS user; the OS user is recorded as well).")
  String by;

  @Option(names = "--reason", required = true, description = "Why (kept with the approval).")
  String reason;

  @Option(
      names = "--pre-approve",
      description = "Approve an id the actuator has not seen yet (it must then arrive as is).")
  boolean preApprove;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!AtomicFiles.safeName(actionId)) {
      err.println("invalid action id: " + shown(actionId));
      err.flush();
      return 2;
    }
    LedgerEntry e = ActionLedger.read(store, actionId);
    if (e == null && !preApprove) {
      err.println(
          "unknown action id "
              + actionId
              + " in "
              + store
              + "; nothing approved (use --pre-approve to approve an id not seen yet).");
      err.flush();
      return 1;
    }
    if (e != null && e.state != LedgerEntry.State.AWAITING_APPROVAL) {
      err.println(actionId + " is " + e.state + ", not awaiting approval; nothing to approve.");
      err.flush();
      return 1;
    }
    new ApprovalStore(store).approve(actionId, by, System.currentTimeMillis(), reason);
    out.println(
        "approved "
            + actionId
            + " by "
            + by
            + (e == null
                ? " (not seen yet: pre-approved)"
                : " (" + e.action.type + " " + e.action.target + ")"));
    out.flush();
    return 0;
  }

  /** Command-line text shown back safely: control characters escaped, length capped. */
  static String shown(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder();
    for (char c : s.substring(0, Math.min(s.length(), 140)).toCharArray()) {
      b.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return b + (s.length() > 140 ? "..." : "");
  }
}
