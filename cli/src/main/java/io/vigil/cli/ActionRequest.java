package io.vigil.cli;

import io.vigil.actuator.store.ActionLedger;
import io.vigil.actuator.store.ApprovalStore;
import io.vigil.actuator.store.AtomicFiles;
import io.vigil.actuator.store.LedgerEntry;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What an operator's request to the actuator names: the action, the actuator's state folder, who
 * asks and why; for approve and rollback (a {@code @Mixin}).
 */
public final class ActionRequest {
  @Parameters(index = "0", paramLabel = "ACTION_ID")
  String actionId;

  @Option(
      names = "--store",
      defaultValue = "actuator-state",
      description = "Actuator state folder shared with the actuator (default: ${DEFAULT-VALUE}).")
  Path store;

  @Option(
      names = "--by",
      defaultValue = "${sys:user.name}",
      description = "Who asks (default: the OS user; the OS user is recorded as well).")
  String by;

  @Option(names = "--reason", required = true, description = "Why (kept with the request).")
  String reason;

  /** False, with the reason on {@code err}, when the id cannot name a ledger file. */
  boolean validId(PrintWriter err) {
    if (AtomicFiles.safeName(actionId)) return true;
    err.println("invalid action id: " + shown(actionId));
    err.flush();
    return false;
  }

  /** Says why nothing was done, on {@code err}; returns the command's exit code for a refusal. */
  static int refuse(PrintWriter err, String why) {
    err.println(why);
    err.flush();
    return 1;
  }

  /** The operators' requests the actuator picks up, in its state folder. */
  ApprovalStore approvals() {
    return new ApprovalStore(store);
  }

  /** The actuator's ledger entry of the action, or null when it has not seen it. */
  LedgerEntry entry() throws java.io.IOException {
    return ActionLedger.read(store, actionId);
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
