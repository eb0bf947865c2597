package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.actuator.store.ActionLedger;
import io.vigil.actuator.store.ApprovalStore;
import io.vigil.actuator.store.LedgerEntry;
import io.vigil.models.action.RemediationAction;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RemediationCliTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int vigil(String... args) {
    CommandLine cl = new CommandLine(new VigilCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  static Path shipped() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(p.resolve("deploy/policies"))) p = p.getParent();
    return p.resolve("deploy/policies");
  }

  @Test
  void validateShippedPolicies() {
    assertThat(vigil("policy", "validate", shipped().toString())).isZero();
    assertThat(out.toString()).contains("OK: 2 policies, 1 function manifests");
  }

  @Test
  void validateReportsLineAndColumn() throws Exception {
    Files.writeString(
        dir.resolve("p.yaml"),
        "apiVersion: vigil.io/v1\nkind: Policy\nmetadata: {name: p}\nspec:\n  selector: {}\n  actions:\n    - {finding: ERROR_STORM, action: NOTIFY, mode: yolo}\n");
    assertThat(vigil("policy", "validate", dir.toString())).isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "p.yaml:7:52: field 'spec.actions[0].mode': must be one of dry-run, approval, enforce (got 'yolo')")
        .contains("1 error(s); nothing loaded.");
  }

  @Test
  void approveAndRollbackWriteRequestsTheActuatorReads() {
    ActionLedger ledger = new ActionLedger(dir);
    RemediationAction a = new RemediationAction();
    a.id = "act-1";
    a.type = "THROTTLE";
    a.functionName = "checkout-api";
    a.target = "arn:aws:lambda:us-east-1:123456789012:function:checkout-api";
    ledger.put(new LedgerEntry(a, LedgerEntry.State.AWAITING_APPROVAL, 1L));

    String store = dir.toString();
    assertThat(vigil("approve", "act-1", "--store", store, "--by", "alice")).isEqualTo(2);
    assertThat(err.toString()).contains("--reason");
    assertThat(vigil("approve", "act-1", "--store", store, "--by", "alice", "--reason", "INC-7"))
        .isZero();
    ApprovalStore.Request approval = new ApprovalStore(dir).approval("act-1");
    assertThat(approval.by).isEqualTo("alice");
    assertThat(approval.reason).isEqualTo("INC-7");
    assertThat(approval.osUser).isEqualTo(System.getProperty("user.name"));
    assertThat(vigil("rollback", "act-1", "--store", store, "--reason", "x")).isEqualTo(1);
    assertThat(err.toString())
        .contains("act-1 is AWAITING_APPROVAL; only APPLIED actions roll back.");

    LedgerEntry applied = new LedgerEntry(a, LedgerEntry.State.APPLIED, 2L);
    ledger.put(applied);
    assertThat(vigil("rollback", "act-1", "--store", store, "--reason", "false positive")).isZero();
    assertThat(new ApprovalStore(dir).rollbackRequests()).containsExactly("act-1");
    assertThat(new ApprovalStore(dir).rollbackRequest("act-1").reason).isEqualTo("false positive");
    assertThat(vigil("approve", "act-1", "--store", store, "--reason", "x")).isEqualTo(1);
    assertThat(vigil("approve", "../x", "--store", store, "--reason", "x")).isEqualTo(2);
  }

  @Test
  void unknownIdsFailUnlessPreApproved() {
    String store = dir.toString();
    assertThat(vigil("approve", "typo-1", "--store", store, "--reason", "x")).isEqualTo(1);
    assertThat(err.toString()).contains("unknown action id typo-1").contains("--pre-approve");
    assertThat(new ApprovalStore(dir).isApproved("typo-1")).isFalse();
    assertThat(vigil("rollback", "typo-1", "--store", store, "--reason", "x")).isEqualTo(1);
    assertThat(err.toString()).contains("typo-1 is unknown");
    assertThat(
            vigil("approve", "next-1", "--store", store, "--reason", "change 42", "--pre-approve"))
        .isZero();
    assertThat(out.toString()).contains("pre-approved");
    assertThat(new ApprovalStore(dir).isApproved("next-1")).isTrue();
    // Control characters in an id are escaped, never echoed raw.
    assertThat(vigil("approve", "a\nAPPLIED", "--store", store, "--reason", "x")).isEqualTo(2);
    assertThat(err.toString()).contains("invalid action id: a\\u000aAPPLIED");
  }

  @Test
  void actuatorRunDefaultsToDryRun() {
    ActuatorCommand.Run run = new ActuatorCommand.Run();
    new CommandLine(run).parseArgs();
    assertThat(run.config().dryRun).isTrue();
    new CommandLine(run)
        .parseArgs(
            "--no-dry-run", "--deny", "core-*", "--cooldown", "5m", "--account-id", "123456789012");
    assertThat(run.config().dryRun).isFalse();
    assertThat(run.config().accountId).isEqualTo("123456789012");
    assertThat(run.config().audience()).isEqualTo("vigil-remediation");
    assertThat(run.config().maxLifetimeMs).isEqualTo(24 * 3_600_000L);
    assertThat(run.config().deny).containsExactly("core-*");
    assertThat(run.config().cooldownMs).isEqualTo(300_000L);
  }

  @Test
  void actuatorRunRefusesAValueItsFlagMayNotTakeBeforeReadingAnything() {
    String state = dir.resolve("state").toString();
    assertThat(vigil("actuator", "run", "--account-id", "12345", "--state-dir", state))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--account-id must be 12 digits");
    assertThat(vigil("actuator", "run", "--rate-burst", "-1", "--state-dir", state)).isEqualTo(2);
    assertThat(err.toString()).contains("--rate-burst");
    assertThat(dir.resolve("state")).doesNotExist();
  }
}
