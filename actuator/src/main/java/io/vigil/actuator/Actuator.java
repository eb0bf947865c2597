package io.vigil.actuator;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.actuator.audit.AuditEvent;
import io.vigil.actuator.audit.AuditSink;
import io.vigil.actuator.aws.LambdaOps;
import io.vigil.actuator.guard.CircuitBreaker;
import io.vigil.actuator.guard.TokenBucket;
import io.vigil.actuator.store.ActionLedger;
import io.vigil.actuator.store.ApprovalStore;
import io.vigil.actuator.store.AtomicFiles;
import io.vigil.actuator.store.DeadLetters;
import io.vigil.actuator.store.LedgerEntry;
import io.vigil.actuator.store.LedgerEntry.State;
import io.vigil.models.Json;
import io.vigil.models.action.ActionMode;
import io.vigil.models.action.ActionType;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.policy.Glob;
import io.vigil.remediation.MessageSigner;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Decides and acts on remediation messages. Order for every record: size cap, strict UTF-8,
 * signature, {@code schemaVersion} present, schema, identity (target ARN in this actuator's account
 * and region) and freshness (audience, clock skew, maximum lifetime); anything failing is {@code
 * REJECTED}, audited and dead-lettered with its sequence number. Then the ledger (idempotency by
 * id) and the guardrails: dry-run, deny/allow globs, approval, cooldown, circuit breaker, token
 * bucket (over the rate = {@code DEFERRED}, retried each tick until expiry), the protected tag
 * (read with ListTags on the target ARN just before acting). Only then the AWS call, framed by
 * ledger writes (see {@link ActionLedger}). Every decision is logged as one JSON object and sent to
 * the {@link AuditSink}. Single-threaded by design: all public methods synchronise.
 */
public final class Actuator {
  private static final Logger LOG = LoggerFactory.getLogger(Actuator.class);
  private static final int MAX_DETAIL_CHARS = 512;

  /** Where a record came from, for audit lines and dead letters. */
  public record Source(String stream, String shardId, String sequenceNumber) {
    static final Source DIRECT = new Source(null, null, null);

    String text() {
      return sequenceNumber == null ? null : stream + "/" + shardId + "/" + sequenceNumber;
    }
  }

  private final ActuatorConfig cfg;
  private final Clock clock;
  private final MessageSigner signer;
  private final LambdaOps lambda;
  private final AuditSink audit;
  private final DeadLetters deadLetters;
  private final ActionLedger ledger;
  private final ApprovalStore approvals;
  private final TokenBucket bucket;
  private final CircuitBreaker breaker;
  private final RightsizePatcher patcher;
  private final Map<String, Long> lastActionAt = new HashMap<>();
  private final Set<String> dryRunReported = new HashSet<>();
  private volatile long ticks;

  public Actuator(
      ActuatorConfig cfg, Clock clock, MessageSigner signer, LambdaOps lambda, AuditSink audit) {
    if (cfg.accountId != null && !cfg.accountId.matches("\\d{12}")) {
      throw new IllegalArgumentException("account id must be 12 digits");
    }
    this.cfg = cfg;
    this.clock = clock;
    this.signer = signer;
    this.lambda = cfg.dryRun ? lambda.readOnly() : lambda;
    this.audit = audit;
    this.deadLetters = new DeadLetters(cfg.deadLetterFile());
    this.ledger = new ActionLedger(cfg.stateDir);
    this.approvals = new ApprovalStore(cfg.stateDir);
    this.bucket = new TokenBucket(clock, cfg.rateBurst, cfg.ratePerMinute);
    this.breaker =
        new CircuitBreaker(clock, cfg.breakerMaxActions, cfg.breakerWindowMs, cfg.breakerOpenMs);
    this.patcher = new RightsizePatcher(cfg.manifestsDir);
    for (LedgerEntry e : ledger.all()) {
      if (e.appliedAt > 0 && e.action.target != null) {
        lastActionAt.merge(e.action.target, e.appliedAt, Math::max);
      }
    }
  }

  public ActionLedger ledger() {
    return ledger;
  }

  public ApprovalStore approvals() {
    return approvals;
  }

  /** Completed {@link #tick} calls (progress for tests and logs). */
  public long ticks() {
    return ticks;
  }

  public long deadLettered() {
    return deadLetters.count();
  }

  /**
   * Finishes what a crash interrupted: every INTENT / ROLLBACK_INTENT entry is compared with the
   * current AWS state and completed at most once. Call once before consuming. A dry-run actuator
   * only reports what it would finish.
   */
  public synchronized void recover() {
    for (LedgerEntry e : ledger.inState(State.INTENT)) {
      if (dryRunHold(e, "would finish an interrupted apply")) continue;
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
      if (dryRunHold(e, "would finish an interrupted rollback")) continue;
      try {
        if (!restored(e)) restore(e);
        e.state = State.ROLLED_BACK;
        e.updatedAt = clock.millis();
        ledger.put(e);
        audit(Decision.ROLLED_BACK, e.action, null, null, "rollback completed after restart");
      } catch (SdkException ex) {
        audit(Decision.FAILED, e.action, null, null, "rollback recovery: " + ex.getMessage());
      }
    }
  }

  /** One message given as text (tests, tools). */
  public Decision handle(String json) {
    return handle(json.getBytes(StandardCharsets.UTF_8), Source.DIRECT);
  }

  /**
   * One record from the topic. Never throws for anything in the record: what cannot be trusted is
   * rejected, audited and dead-lettered. Throws only when the state folder or the audit cannot be
   * written (acting, or even skipping, without a durable trail is not allowed).
   */
  public synchronized Decision handle(byte[] data, Source src) {
    try {
      return decide(data, src);
    } catch (RuntimeException e) {
      if (e instanceof java.io.UncheckedIOException) throw e;
      LOG.error("unexpected error on a record", e);
      return reject(data, src, null, "internal error: " + e.getClass().getSimpleName());
    }
  }

  private Decision decide(byte[] data, Source src) {
    if (data.length > cfg.maxRecordBytes) {
      return reject(data, src, null, "record of " + data.length + " bytes exceeds the cap");
    }
    String json;
    try {
      json =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(data))
              .toString();
    } catch (CharacterCodingException e) {
      return reject(data, src, null, "not valid UTF-8");
    }
    if (!signer.verify(json)) return reject(data, src, null, "bad or missing signature");
    RemediationAction a;
    try {
      JsonNode tree = Json.MAPPER.readTree(json);
      if (!tree.path("schemaVersion").isInt()) {
        return reject(data, src, null, "schemaVersion missing");
      }
      a = Json.MAPPER.treeToValue(tree, RemediationAction.class);
    } catch (Exception e) {
      return reject(data, src, null, "not a RemediationAction");
    }
    String problem = ActionSchema.problem(a, cfg.quarantineSecurityGroup);
    if (problem == null) problem = identityOrFreshness(a);
    if (problem != null) return reject(data, src, a, "schema: " + problem);
    Target t = Target.of(a);
    LedgerEntry prev = ledger.get(a.id);
    if (prev != null) {
      audit(Decision.DUPLICATE, a, null, src, "already decided: " + prev.state);
      return Decision.DUPLICATE;
    }
    ActionType type = a.typeKind();
    if (type == ActionType.NOTIFY) {
      return terminal(a, State.NOTIFIED, Decision.NOTIFIED, src, a.reason);
    }
    if (type == ActionType.RIGHTSIZE) return rightsize(a, t, src);
    return containment(a, t, src);
  }

  /** Checks of a well-formed message against this actuator: audience, place, clock. */
  private String identityOrFreshness(RemediationAction a) {
    if (!cfg.audience().equals(a.audience)) return "audience is not this actuator's";
    Target t = Target.of(a);
    if (!t.region().equals(cfg.region)) return "target region is not this actuator's region";
    if (cfg.accountId != null && !t.accountId().equals(cfg.accountId)) {
      return "target account is not this actuator's account";
    }
    long now = clock.millis();
    if (a.createdAt > now + cfg.maxClockSkewMs) return "createdAt is in the future";
    if (a.lifetimeMs() > cfg.maxLifetimeMs) return "lifetime exceeds the maximum";
    return null;
  }

  private Decision reject(byte[] data, Source src, RemediationAction a, String why) {
    deadLetters.add(clock.millis(), src.stream(), src.shardId(), src.sequenceNumber(), why, data);
    RemediationAction shown = a != null && AtomicFiles.safeName(a.id) ? a : null;
    audit(Decision.REJECTED, shown, null, src, why + "; dead-lettered");
    return Decision.REJECTED;
  }

  private Decision rightsize(RemediationAction a, Target t, Source src) {
    Optional<String> patch = patcher.patch(t.name(), a.memorySizeMb);
    if (patch.isEmpty()) {
      return terminal(
          a,
          State.NOTIFIED,
          Decision.NOTIFIED,
          src,
          "no manifest declares " + t.name() + "; rightsize to " + a.memorySizeMb + " MB");
    }
    String file = "patches/" + a.id + ".patch";
    AtomicFiles.write(cfg.stateDir.resolve(file), patch.get());
    return terminal(a, State.PATCH_PROPOSED, Decision.PATCH_PROPOSED, src, file);
  }

  private Decision containment(RemediationAction a, Target t, Source src) {
    long now = clock.millis();
    if (now >= a.expiresAt) {
      return terminal(a, State.EXPIRED, Decision.EXPIRED, src, "arrived after its expiry");
    }
    ActionMode mode = cfg.dryRun ? ActionMode.DRY_RUN : a.modeKind();
    String denial = staticDenial(t);
    if (mode == ActionMode.DRY_RUN) {
      if (denial == null) denial = tagDenial(t);
      String why = denial == null ? "would apply: " + describe(a) : "would be denied: " + denial;
      return terminal(a, State.DRY_RUN, Decision.DRY_RUN, src, why);
    }
    if (denial != null) return terminal(a, State.DENIED, Decision.DENIED, src, denial);
    if (mode == ActionMode.APPROVAL && !approvals.isApproved(a.id)) {
      return terminal(
          a,
          State.AWAITING_APPROVAL,
          Decision.AWAITING_APPROVAL,
          src,
          "run: vigil approve " + a.id);
    }
    return admit(a, src, approvalNote(a));
  }

  /** Cooldown, breaker (counting this arrival), token bucket: apply now, defer, or deny. */
  private Decision admit(RemediationAction a, Source src, String why) {
    String cooldown = cooldownDenial(a);
    if (cooldown != null) return terminal(a, State.DENIED, Decision.DENIED, src, cooldown);
    if (breaker.arrive()) {
      audit(
          Decision.ALERT,
          null,
          null,
          src,
          "circuit breaker tripped: more than "
              + cfg.breakerMaxActions
              + " actions within "
              + cfg.breakerWindowMs
              + " ms; enforcement paused until "
              + breaker.openUntil()
              + ", actions wait in the ledger");
    }
    if (breaker.isOpen()) return defer(a, src, "circuit breaker open");
    if (!bucket.tryTake()) return defer(a, src, "rate limit: global token bucket empty");
    return enforce(a, src, why);
  }

  private Decision defer(RemediationAction a, Source src, String why) {
    return terminal(a, State.DEFERRED, Decision.DEFERRED, src, why + "; waits until expiry");
  }

  private Decision enforce(RemediationAction a, Source src, String why) {
    Target t = Target.of(a);
    if (cfg.dryRun) {
      return terminal(a, State.DRY_RUN, Decision.DRY_RUN, src, "would apply: " + describe(a));
    }
    String denial = tagDenial(t);
    if (denial != null) return terminal(a, State.DENIED, Decision.DENIED, src, denial);
    LedgerEntry e = new LedgerEntry(a, State.INTENT, clock.millis());
    try {
      capturePrior(e);
    } catch (SdkException ex) {
      return terminal(
          a, State.FAILED, Decision.FAILED, src, "reading prior state: " + ex.getMessage());
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
    finishApplied(e, Decision.APPLIED, describe(a) + (why == null ? "" : "; " + why));
    return Decision.APPLIED;
  }

  /**
   * Housekeeping, called between polls: operator rollbacks, automatic rollback at expiry, approved
   * or expired approvals, deferred actions (oldest first, while the rate and the breaker allow).
   */
  public synchronized void tick() {
    long now = clock.millis();
    for (String id : approvals.rollbackRequests()) operatorRollback(id);
    for (LedgerEntry e : ledger.inState(State.APPLIED)) {
      if (now >= e.action.expiresAt) rollback(e, "expired", null);
    }
    for (LedgerEntry e : ledger.inState(State.AWAITING_APPROVAL)) {
      if (now >= e.action.expiresAt) {
        terminal(e.action, State.EXPIRED, Decision.EXPIRED, null, "no approval before expiry");
      } else if (approvals.isApproved(e.id)) {
        String denial = staticDenial(Target.of(e.action));
        if (denial != null) terminal(e.action, State.DENIED, Decision.DENIED, null, denial);
        else admit(e.action, null, approvalNote(e.action));
      }
    }
    List<LedgerEntry> deferred =
        ledger.inState(State.DEFERRED).stream()
            .sorted(
                Comparator.comparingLong((LedgerEntry e) -> e.updatedAt).thenComparing(e -> e.id))
            .toList();
    for (LedgerEntry e : deferred) {
      if (now >= e.action.expiresAt) {
        terminal(e.action, State.EXPIRED, Decision.EXPIRED, null, "deferred until its expiry");
      } else if (!breaker.isOpen()) {
        String cooldown = cooldownDenial(e.action);
        if (cooldown != null) {
          terminal(e.action, State.DENIED, Decision.DENIED, null, cooldown);
        } else if (bucket.tryTake()) {
          String note = approvalNote(e.action);
          enforce(e.action, null, "after deferral" + (note == null ? "" : "; " + note));
        }
      }
    }
    ticks++;
  }

  private void operatorRollback(String id) {
    ApprovalStore.Request req = approvals.rollbackRequest(id);
    String who = req == null ? "unknown" : req.who();
    String why = req == null || req.reason == null ? "" : ": " + req.reason;
    LedgerEntry e = AtomicFiles.safeName(id) ? ledger.get(id) : null;
    String outcome;
    if (e != null && e.state == State.APPLIED) {
      outcome = rollback(e, "requested by " + who + why, who).name();
    } else {
      outcome = "refused: state " + (e == null ? "unknown" : e.state);
      audit(
          Decision.DENIED,
          e == null ? null : e.action,
          who,
          null,
          "rollback requested by "
              + who
              + " but the state is "
              + (e == null ? "unknown" : e.state));
    }
    if (cfg.dryRun && e != null && e.state == State.APPLIED) return; // stays pending
    approvals.completeRollbackRequest(id, outcome, clock.millis());
  }

  /** Rolls an applied action back now (in-process use; the CLI goes through a request file). */
  public synchronized Decision rollbackNow(String id, String why) {
    LedgerEntry e = ledger.get(id);
    if (e == null || e.state != State.APPLIED) return Decision.DENIED;
    return rollback(e, why, null);
  }

  private Decision rollback(LedgerEntry e, String why, String principal) {
    if (dryRunHold(e, "would roll back (" + why + ")")) return Decision.DRY_RUN;
    e.state = State.ROLLBACK_INTENT;
    e.updatedAt = clock.millis();
    ledger.put(e);
    try {
      restore(e);
    } catch (SdkException ex) {
      e.state = State.APPLIED; // retried on the next tick
      e.note = "rollback failed: " + ex.getMessage();
      ledger.put(e);
      audit(Decision.FAILED, e.action, principal, null, e.note);
      return Decision.FAILED;
    }
    e.state = State.ROLLED_BACK;
    e.updatedAt = clock.millis();
    e.note = why;
    ledger.put(e);
    audit(Decision.ROLLED_BACK, e.action, principal, null, why + "; restored " + priorText(e));
    return Decision.ROLLED_BACK;
  }

  /** In dry-run nothing that mutates runs; report it once per entry and process. */
  private boolean dryRunHold(LedgerEntry e, String what) {
    if (!cfg.dryRun) return false;
    if (dryRunReported.add(e.id + "/" + e.state)) {
      audit(Decision.DRY_RUN, e.action, null, null, what + "; dry-run actuator, left " + e.state);
    }
    return true;
  }

  private String approvalNote(RemediationAction a) {
    ApprovalStore.Request r = approvals.approval(a.id);
    if (r == null) return null;
    return "approved by " + r.who() + (r.reason == null ? "" : ": " + r.reason);
  }

  // ---- guardrails ----

  /** Checks that need no AWS call: this actuator's own account known, deny/allow globs. */
  private String staticDenial(Target t) {
    if (cfg.accountId == null) return "actuator account not configured (--account-id)";
    if (Glob.any(cfg.deny, t.name())) return "function matches a deny glob";
    if (!cfg.allow.isEmpty() && !Glob.any(cfg.allow, t.name())) {
      return "function matches no allow glob";
    }
    return null;
  }

  /** The protected tag, read on the target ARN just before acting; unreadable = denied. */
  private String tagDenial(Target t) {
    Map<String, String> tags;
    try {
      tags = lambda.tags(t.arn());
    } catch (SdkException ex) {
      return "cannot read tags (" + ex.getMessage() + "): not acting blind";
    }
    if (cfg.protectedTagValue.equalsIgnoreCase(tags.getOrDefault(cfg.protectedTagKey, ""))) {
      return "function is protected (" + cfg.protectedTagKey + "=" + cfg.protectedTagValue + ")";
    }
    return null;
  }

  private String cooldownDenial(RemediationAction a) {
    Long last = lastActionAt.get(a.target);
    long now = clock.millis();
    if (last != null && now - last < cfg.cooldownMs) {
      return "cooldown: " + Target.of(a).name() + " was acted on " + (now - last) + " ms ago";
    }
    return null;
  }

  // ---- AWS state (always addressed by the target ARN) ----

  private void capturePrior(LedgerEntry e) {
    String arn = Target.of(e.action).arn();
    if (e.action.typeKind() == ActionType.ISOLATE_NETWORK) {
      LambdaOps.Vpc v = lambda.vpc(arn);
      e.priorSubnets = v.subnetIds();
      e.priorSecurityGroups = v.securityGroupIds();
    } else {
      e.priorConcurrency = lambda.reservedConcurrency(arn);
    }
  }

  private void applyTarget(LedgerEntry e) {
    RemediationAction a = e.action;
    String arn = Target.of(a).arn();
    switch (a.typeKind()) {
      case THROTTLE -> lambda.putReservedConcurrency(arn, a.reservedConcurrency);
      case QUARANTINE -> lambda.putReservedConcurrency(arn, 0);
      case ISOLATE_NETWORK -> {
        if (e.priorSubnets == null || e.priorSubnets.isEmpty()) {
          throw SdkException.create("function is not in a VPC; cannot swap security groups", null);
        }
        lambda.setVpc(arn, e.priorSubnets, List.of(quarantineSg(a)));
      }
      default -> throw new IllegalStateException("not a containment: " + a.type);
    }
  }

  private boolean inEffect(LedgerEntry e) {
    RemediationAction a = e.action;
    String arn = Target.of(a).arn();
    return switch (a.typeKind()) {
      case THROTTLE -> Objects.equals(lambda.reservedConcurrency(arn), a.reservedConcurrency);
      case QUARANTINE -> Objects.equals(lambda.reservedConcurrency(arn), 0);
      case ISOLATE_NETWORK -> lambda.vpc(arn).securityGroupIds().equals(List.of(quarantineSg(a)));
      default -> false;
    };
  }

  private void restore(LedgerEntry e) {
    String arn = Target.of(e.action).arn();
    if (e.action.typeKind() == ActionType.ISOLATE_NETWORK) {
      lambda.setVpc(arn, e.priorSubnets, e.priorSecurityGroups);
    } else if (e.priorConcurrency == null) {
      lambda.deleteReservedConcurrency(arn);
    } else {
      lambda.putReservedConcurrency(arn, e.priorConcurrency);
    }
  }

  private boolean restored(LedgerEntry e) {
    String arn = Target.of(e.action).arn();
    if (e.action.typeKind() == ActionType.ISOLATE_NETWORK) {
      return lambda.vpc(arn).securityGroupIds().equals(e.priorSecurityGroups);
    }
    return Objects.equals(lambda.reservedConcurrency(arn), e.priorConcurrency);
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
    lastActionAt.put(e.action.target, now);
    audit(d, e.action, null, null, detail + "; prior " + priorText(e));
  }

  private Decision fail(LedgerEntry e, String why) {
    e.state = State.FAILED;
    e.note = why;
    e.updatedAt = clock.millis();
    ledger.put(e);
    audit(Decision.FAILED, e.action, null, null, why);
    return Decision.FAILED;
  }

  private Decision terminal(
      RemediationAction a, State state, Decision d, Source src, String detail) {
    LedgerEntry prev = ledger.get(a.id);
    LedgerEntry e = new LedgerEntry(a, state, clock.millis());
    if (prev != null && prev.state == State.DEFERRED && state == State.DEFERRED) return d;
    e.note = detail;
    ledger.put(e);
    audit(d, a, null, src, detail);
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

  /**
   * Audits and logs one decision. Only validated fields of the action are shown (a known type and
   * mode, a safe id, the parsed target), every text is capped, and the log line is the event as one
   * JSON object, so no field can start a fake line.
   */
  private void audit(Decision d, RemediationAction a, String principal, Source src, String detail) {
    Target t = a == null ? null : Target.parse(a.target).orElse(null);
    ActionType type = a == null ? null : ActionSchema.typeOf(a);
    ActionMode mode = a == null ? null : ActionSchema.modeOf(a);
    AuditEvent ev =
        new AuditEvent(
            clock.millis(),
            d.name(),
            a == null ? null : a.id,
            type == null ? null : type.name(),
            mode == null ? null : mode.name(),
            t == null ? null : t.name(),
            t == null ? null : t.arn(),
            cap(principal),
            src == null ? null : src.text(),
            cap(detail));
    LOG.info("{}", Json.write(ev));
    audit.record(ev);
  }

  private static String cap(String s) {
    if (s == null || s.length() <= MAX_DETAIL_CHARS) return s;
    return s.substring(0, MAX_DETAIL_CHARS) + "...[" + (s.length() - MAX_DETAIL_CHARS) + " more]";
  }
}
