package io.vigil.actuator;

import io.vigil.actuator.audit.AuditEvent;
import io.vigil.actuator.audit.AuditSink;
import io.vigil.actuator.aws.LambdaOps;
import io.vigil.actuator.guard.CircuitBreaker;
import io.vigil.actuator.guard.TokenBucket;
import io.vigil.actuator.store.ActionLedger;
import io.vigil.actuator.store.ApprovalStore;
import io.vigil.actuator.store.AtomicFiles;
import io.vigil.actuator.store.LedgerEntry;
import io.vigil.actuator.store.LedgerEntry.State;
import io.vigil.models.Json;
import io.vigil.models.action.ActionMode;
import io.vigil.models.action.ActionSigner;
import io.vigil.models.action.ActionType;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.policy.Glob;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Decides and acts on remediation messages. Order for every message: signature, schema, ledger
 * (idempotency by id), then guardrails: global dry-run, deny/allow globs, the protected tag (read
 * with ListTags), approval, cooldown, circuit breaker, token bucket. Only then the AWS call, framed
 * by ledger writes (see {@link ActionLedger} for the crash-safety design). Every decision is logged
 * and sent to the {@link AuditSink}. Single-threaded by design: all public methods synchronise.
 */
public final class Actuator {
  private static final Logger LOG = LoggerFactory.getLogger(Actuator.class);

  private final ActuatorConfig cfg;
  private final Clock clock;
  private final ActionSigner signer;
  private final LambdaOps lambda;
  private final AuditSink audit;
  private final ActionLedger ledger;
  private final ApprovalStore approvals;
  private final TokenBucket bucket;
  private final CircuitBreaker breaker;
  private final RightsizePatcher patcher;
  private final Map<String, Long> lastActionAt = new HashMap<>();

  public Actuator(
      ActuatorConfig cfg, Clock clock, ActionSigner signer, LambdaOps lambda, AuditSink audit) {
    this.cfg = cfg;
    this.clock = clock;
    this.signer = signer;
    this.lambda = lambda;
    this.audit = audit;
    this.ledger = new ActionLedger(cfg.stateDir);
    this.approvals = new ApprovalStore(cfg.stateDir);
    this.bucket = new TokenBucket(clock, cfg.rateBurst, cfg.ratePerMinute);
    this.breaker =
        new CircuitBreaker(clock, cfg.breakerMaxActions, cfg.breakerWindowMs, cfg.breakerOpenMs);
    this.patcher = new RightsizePatcher(cfg.manifestsDir);
    for (LedgerEntry e : ledger.all()) {
      if (e.appliedAt > 0) lastActionAt.merge(e.action.functionName, e.appliedAt, Math::max);
    }
  }

  public ActionLedger ledger() {
    return ledger;
  }

  public ApprovalStore approvals() {
    return approvals;
  }

  /**
   * Finishes what a crash interrupted: every INTENT / ROLLBACK_INTENT entry is compared with the
   * current AWS state and completed at most once. Call once before consuming.
   */
  public synchronized void recover() {
    for (LedgerEntry e : ledger.inState(State.INTENT)) {
      try {
        if (inEffect(e)) {
          finishApplied(e, Decision.RECONCILED, "found in effect after restart; not re-applied");
        } else {
          applyTarget(e);
          finishApplied(e, Decision.APPLIED, "applied after restart (intent had not landed)");
        }
      } catch (SdkException ex) {
        fail(e, "recovery: " + ex.getMessage());
      }
    }
    for (LedgerEntry e : ledger.inState(State.ROLLBACK_INTENT)) {
      try {
        if (!restored(e)) restore(e);
        e.state = State.ROLLED_BACK;
        e.updatedAt = clock.millis();
        ledger.put(e);
        audit(Decision.ROLLED_BACK, e.action, "rollback completed after restart");
      } catch (SdkException ex) {
        audit(Decision.FAILED, e.action, "rollback recovery: " + ex.getMessage());
      }
    }
  }

  /** One message from the topic. Returns the decision; the ledger holds it before this returns. */
  public synchronized Decision handle(String json) {
    if (!signer.verify(json)) {
      audit(Decision.REJECTED, null, "bad or missing signature");
      return Decision.REJECTED;
    }
    RemediationAction a;
    try {
      a = Json.read(json, RemediationAction.class);
    } catch (IllegalArgumentException e) {
      audit(Decision.REJECTED, null, "not a RemediationAction: " + e.getMessage());
      return Decision.REJECTED;
    }
    String problem = ActionSchema.problem(a, cfg.quarantineSecurityGroup);
    if (problem != null) {
      RemediationAction shown = AtomicFiles.safeName(a.id) ? a : null;
      audit(Decision.REJECTED, shown, "schema: " + problem);
      return Decision.REJECTED;
    }
    LedgerEntry prev = ledger.get(a.id);
    if (prev != null) {
      audit(Decision.DUPLICATE, a, "already decided: " + prev.state);
      return Decision.DUPLICATE;
    }
    ActionType type = a.typeKind();
    if (type == ActionType.NOTIFY) return terminal(a, State.NOTIFIED, Decision.NOTIFIED, a.reason);
    if (type == ActionType.RIGHTSIZE) return rightsize(a);
    return containment(a);
  }

  private Decision rightsize(RemediationAction a) {
    Optional<String> patch = patcher.patch(a.functionName, a.memorySizeMb);
    if (patch.isEmpty()) {
      return terminal(
          a,
          State.NOTIFIED,
          Decision.NOTIFIED,
          "no manifest declares " + a.functionName + "; rightsize to " + a.memorySizeMb + " MB");
    }
    String file = "patches/" + a.id + ".patch";
    AtomicFiles.write(cfg.stateDir.resolve(file), patch.get());
    return terminal(a, State.PATCH_PROPOSED, Decision.PATCH_PROPOSED, file);
  }

  private Decision containment(RemediationAction a) {
    long now = clock.millis();
    if (now >= a.expiresAt) {
      return terminal(a, State.EXPIRED, Decision.EXPIRED, "arrived after its expiry");
    }
    ActionMode mode = cfg.dryRun ? ActionMode.DRY_RUN : a.modeKind();
    String denial = staticDenial(a);
    if (mode == ActionMode.DRY_RUN) {
      String why = denial == null ? "would apply: " + describe(a) : "would be denied: " + denial;
      return terminal(a, State.DRY_RUN, Decision.DRY_RUN, why);
    }
    if (denial != null) return terminal(a, State.DENIED, Decision.DENIED, denial);
    if (mode == ActionMode.APPROVAL && !approvals.isApproved(a.id)) {
      return terminal(
          a, State.AWAITING_APPROVAL, Decision.AWAITING_APPROVAL, "run: vigil approve " + a.id);
    }
    return enforce(a);
  }

  private Decision enforce(RemediationAction a) {
    String denial = dynamicDenial(a);
    if (denial != null) return terminal(a, State.DENIED, Decision.DENIED, denial);
    LedgerEntry e = new LedgerEntry(a, State.INTENT, clock.millis());
    try {
      capturePrior(e);
    } catch (SdkException ex) {
      return terminal(a, State.FAILED, Decision.FAILED, "reading prior state: " + ex.getMessage());
    }
    ledger.put(e); // INTENT with the prior state, before touching AWS
    try {
      applyTarget(e);
    } catch (SdkException ex) {
      boolean landed;
      try {
        landed = inEffect(e);
      } catch (SdkException again) {
        landed = false;
      }
      if (!landed) return fail(e, ex.getMessage());
    }
    finishApplied(e, Decision.APPLIED, describe(a));
    return Decision.APPLIED;
  }

  /**
   * Housekeeping, called between polls: operator rollbacks, automatic rollback at expiry, approved
   * or expired approvals.
   */
  public synchronized void tick() {
    long now = clock.millis();
    for (String id : approvals.rollbackRequests()) {
      LedgerEntry e = ledger.get(id);
      if (e != null && e.state == State.APPLIED) {
        rollback(e, "requested by operator");
      } else {
        audit(
            Decision.DENIED,
            e == null ? null : e.action,
            "rollback of "
                + id
                + " requested but its state is "
                + (e == null ? "unknown" : e.state));
      }
      approvals.clearRollbackRequest(id);
    }
    for (LedgerEntry e : ledger.inState(State.APPLIED)) {
      if (now >= e.action.expiresAt) rollback(e, "expired");
    }
    for (LedgerEntry e : ledger.inState(State.AWAITING_APPROVAL)) {
      if (now >= e.action.expiresAt) {
        terminal(e.action, State.EXPIRED, Decision.EXPIRED, "no approval before expiry");
      } else if (approvals.isApproved(e.id)) {
        String denial = staticDenial(e.action); // tags may have changed while waiting
        if (denial != null) terminal(e.action, State.DENIED, Decision.DENIED, denial);
        else enforce(e.action);
      }
    }
  }

  /** Rolls an applied action back now (in-process use; the CLI goes through a request file). */
  public synchronized Decision rollbackNow(String id, String why) {
    LedgerEntry e = ledger.get(id);
    if (e == null || e.state != State.APPLIED) return Decision.DENIED;
    return rollback(e, why);
  }

  private Decision rollback(LedgerEntry e, String why) {
    e.state = State.ROLLBACK_INTENT;
    e.updatedAt = clock.millis();
    ledger.put(e);
    try {
      restore(e);
    } catch (SdkException ex) {
      e.state = State.APPLIED; // retried on the next tick
      e.note = "rollback failed: " + ex.getMessage();
      ledger.put(e);
      audit(Decision.FAILED, e.action, e.note);
      return Decision.FAILED;
    }
    e.state = State.ROLLED_BACK;
    e.updatedAt = clock.millis();
    e.note = why;
    ledger.put(e);
    audit(Decision.ROLLED_BACK, e.action, why + "; restored " + priorText(e));
    return Decision.ROLLED_BACK;
  }

  // ---- guardrails ----

  /** Checks that do not consume budget: globs and the protected tag. */
  private String staticDenial(RemediationAction a) {
    if (Glob.any(cfg.deny, a.functionName)) return "function matches a deny glob";
    if (!cfg.allow.isEmpty() && !Glob.any(cfg.allow, a.functionName)) {
      return "function matches no allow glob";
    }
    Map<String, String> tags;
    try {
      tags = lambda.tags(arnOf(a));
    } catch (SdkException ex) {
      return "cannot read tags (" + ex.getMessage() + "): not acting blind";
    }
    if (cfg.protectedTagValue.equalsIgnoreCase(tags.getOrDefault(cfg.protectedTagKey, ""))) {
      return "function is protected (" + cfg.protectedTagKey + "=" + cfg.protectedTagValue + ")";
    }
    return null;
  }

  /** Checks that consume budget, in order: cooldown, circuit breaker, token bucket. */
  private String dynamicDenial(RemediationAction a) {
    Long last = lastActionAt.get(a.functionName);
    long now = clock.millis();
    if (last != null && now - last < cfg.cooldownMs) {
      return "cooldown: " + a.functionName + " was acted on " + (now - last) + " ms ago";
    }
    if (!breaker.allow()) return "circuit breaker open: too many actions in the window";
    if (!bucket.tryTake()) return "rate limit: global token bucket empty";
    return null;
  }

  private String arnOf(RemediationAction a) {
    if (a.target != null && a.target.startsWith("arn:aws:lambda:")) return a.target;
    if (a.region != null && a.accountId != null) {
      return "arn:aws:lambda:" + a.region + ":" + a.accountId + ":function:" + a.functionName;
    }
    return lambda.functionArn(a.functionName);
  }

  // ---- AWS state ----

  private void capturePrior(LedgerEntry e) {
    if (e.action.typeKind() == ActionType.ISOLATE_NETWORK) {
      LambdaOps.Vpc v = lambda.vpc(e.action.functionName);
      e.priorSubnets = v.subnetIds();
      e.priorSecurityGroups = v.securityGroupIds();
    } else {
      e.priorConcurrency = lambda.reservedConcurrency(e.action.functionName);
    }
  }

  private void applyTarget(LedgerEntry e) {
    RemediationAction a = e.action;
    switch (a.typeKind()) {
      case THROTTLE -> lambda.putReservedConcurrency(a.functionName, a.reservedConcurrency);
      case QUARANTINE -> lambda.putReservedConcurrency(a.functionName, 0);
      case ISOLATE_NETWORK -> {
        if (e.priorSubnets == null || e.priorSubnets.isEmpty()) {
          throw SdkException.create("function is not in a VPC; cannot swap security groups", null);
        }
        lambda.setVpc(a.functionName, e.priorSubnets, List.of(quarantineSg(a)));
      }
      default -> throw new IllegalStateException("not a containment: " + a.type);
    }
  }

  private boolean inEffect(LedgerEntry e) {
    RemediationAction a = e.action;
    return switch (a.typeKind()) {
      case THROTTLE ->
          Objects.equals(lambda.reservedConcurrency(a.functionName), a.reservedConcurrency);
      case QUARANTINE -> Objects.equals(lambda.reservedConcurrency(a.functionName), 0);
      case ISOLATE_NETWORK ->
          lambda.vpc(a.functionName).securityGroupIds().equals(List.of(quarantineSg(a)));
      default -> false;
    };
  }

  private void restore(LedgerEntry e) {
    String fn = e.action.functionName;
    if (e.action.typeKind() == ActionType.ISOLATE_NETWORK) {
      lambda.setVpc(fn, e.priorSubnets, e.priorSecurityGroups);
    } else if (e.priorConcurrency == null) {
      lambda.deleteReservedConcurrency(fn);
    } else {
      lambda.putReservedConcurrency(fn, e.priorConcurrency);
    }
  }

  private boolean restored(LedgerEntry e) {
    String fn = e.action.functionName;
    if (e.action.typeKind() == ActionType.ISOLATE_NETWORK) {
      return lambda.vpc(fn).securityGroupIds().equals(e.priorSecurityGroups);
    }
    return Objects.equals(lambda.reservedConcurrency(fn), e.priorConcurrency);
  }

  private String quarantineSg(RemediationAction a) {
    return a.securityGroupId != null ? a.securityGroupId : cfg.quarantineSecurityGroup;
  }

  // ---- bookkeeping ----

  private void finishApplied(LedgerEntry e, Decision d, String detail) {
    long now = clock.millis();
    e.state = State.APPLIED;
    e.appliedAt = now;
    e.updatedAt = now;
    ledger.put(e);
    lastActionAt.put(e.action.functionName, now);
    breaker.recordAction();
    audit(d, e.action, detail + "; prior " + priorText(e));
  }

  private Decision fail(LedgerEntry e, String why) {
    e.state = State.FAILED;
    e.note = why;
    e.updatedAt = clock.millis();
    ledger.put(e);
    audit(Decision.FAILED, e.action, why);
    return Decision.FAILED;
  }

  private Decision terminal(RemediationAction a, State state, Decision d, String detail) {
    LedgerEntry e = new LedgerEntry(a, state, clock.millis());
    e.note = detail;
    ledger.put(e);
    audit(d, a, detail);
    return d;
  }

  private static String priorText(LedgerEntry e) {
    if (e.priorSecurityGroups != null) return "securityGroups=" + e.priorSecurityGroups;
    return "reservedConcurrency=" + (e.priorConcurrency == null ? "unset" : e.priorConcurrency);
  }

  private String describe(RemediationAction a) {
    return switch (a.typeKind()) {
      case THROTTLE -> "reserved concurrency " + a.reservedConcurrency;
      case QUARANTINE -> "reserved concurrency 0";
      case ISOLATE_NETWORK -> "security groups -> [" + quarantineSg(a) + "]";
      default -> a.type;
    };
  }

  private void audit(Decision d, RemediationAction a, String detail) {
    AuditEvent ev =
        new AuditEvent(
            clock.millis(),
            d.name(),
            a == null ? null : a.id,
            a == null ? null : a.type,
            a == null ? null : a.mode,
            a == null ? null : a.functionName,
            detail);
    LOG.info(
        "{} {} {} {}: {}",
        d,
        ev.actionId() == null ? "-" : ev.actionId(),
        ev.type() == null ? "-" : ev.type(),
        ev.functionName() == null ? "-" : ev.functionName(),
        detail);
    audit.record(ev);
  }
}
