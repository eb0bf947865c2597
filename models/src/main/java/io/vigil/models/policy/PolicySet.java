package io.vigil.models.policy;

import io.vigil.models.action.ActionMode;
import io.vigil.models.action.ActionType;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.finding.FindingType;
import io.vigil.models.settings.DetectorSettings;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A complete, validated set of policies and function manifests. Immutable; only {@link
 * PolicyLoader} builds one, and only when every file validated, so a job swapping sets through
 * broadcast state never sees half an update.
 */
public final class PolicySet implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Policy> policies;
  private final Map<String, FunctionManifest> manifests;

  PolicySet(List<Policy> policies, Map<String, FunctionManifest> manifests) {
    List<Policy> sorted = new ArrayList<>(policies);
    // Highest priority first; name breaks ties so the order is deterministic.
    sorted.sort(Comparator.comparingInt(Policy::priority).reversed().thenComparing(Policy::name));
    this.policies = List.copyOf(sorted);
    this.manifests = Map.copyOf(manifests);
  }

  public static PolicySet empty() {
    return new PolicySet(List.of(), Map.of());
  }

  public List<Policy> policies() {
    return policies;
  }

  public Map<String, FunctionManifest> manifests() {
    return manifests;
  }

  /** Matching policies, highest priority first. */
  public List<Policy> matching(String fn, String account, Map<String, String> tags) {
    List<Policy> out = new ArrayList<>();
    for (Policy p : policies) if (p.selector().matches(fn, account, tags)) out.add(p);
    return out;
  }

  /** Detector settings: defaults, then matching policies from lowest to highest priority. */
  public DetectorSettings settingsFor(String fn, String account, Map<String, String> tags) {
    DetectorSettings s = new DetectorSettings();
    List<Policy> m = matching(fn, account, tags);
    for (int i = m.size() - 1; i >= 0; i--) applySettings(s, m.get(i));
    return s;
  }

  /** The rule of the highest-priority matching policy that maps this finding type. */
  public Optional<ActionRule> ruleFor(
      String fn, String account, Map<String, String> tags, FindingType type) {
    return matchFor(fn, account, tags, type).map(RuleMatch::rule);
  }

  /** A rule together with the policy it belongs to (rate limits are counted per policy rule). */
  public record RuleMatch(String policy, ActionRule rule) {}

  /** Like {@link #ruleFor}, also naming the policy the rule comes from. */
  public Optional<RuleMatch> matchFor(
      String fn, String account, Map<String, String> tags, FindingType type) {
    for (Policy p : matching(fn, account, tags)) {
      for (ActionRule r : p.actions())
        if (r.finding().equals(type.name())) return Optional.of(new RuleMatch(p.name(), r));
      for (ActionRule r : p.actions())
        if (r.finding().equals("*")) return Optional.of(new RuleMatch(p.name(), r));
    }
    return Optional.empty();
  }

  /** Budgets of matching policies plus the function's manifest budgets. */
  public List<BudgetRule> budgetsFor(String fn, String account, Map<String, String> tags) {
    List<BudgetRule> out = new ArrayList<>();
    for (Policy p : matching(fn, account, tags)) out.addAll(p.budgets());
    FunctionManifest mf = manifests.get(fn);
    if (mf != null) out.addAll(mf.budgets());
    return out;
  }

  /** The function's tags from its manifest (empty without one). */
  public Map<String, String> tagsFor(String fn) {
    FunctionManifest mf = manifests.get(fn);
    return mf == null ? Map.of() : mf.tags();
  }

  /** Memory size declared in the function's manifest, if any. */
  public Optional<Integer> declaredMemoryMb(String fn) {
    FunctionManifest mf = manifests.get(fn);
    return mf == null ? Optional.empty() : Optional.of(mf.memorySizeMb());
  }

  /**
   * Raises a planned action (always DRY_RUN from the planner) to what the policy allows: mode,
   * expiry, concurrency, quarantine group. Without a matching rule the action stays DRY_RUN.
   */
  public RemediationAction applyTo(
      RemediationAction a, FindingType findingType, Map<String, String> tags) {
    // A protected function never gets more than NOTIFY, whatever a policy says.
    if (FunctionTag.isProtected(tags) && !ActionType.NOTIFY.name().equals(a.type)) return a;
    Optional<ActionRule> rule = ruleFor(a.functionName, a.accountId, tags, findingType);
    if (rule.isEmpty() || !rule.get().action().name().equals(a.type)) return a;
    ActionRule r = rule.get();
    a.mode = r.mode().name();
    if (r.expiryMs() > 0) a.expiresAt = a.createdAt + r.expiryMs();
    if (r.reservedConcurrency() >= 0) a.reservedConcurrency = r.reservedConcurrency();
    if (r.securityGroupId() != null) a.securityGroupId = r.securityGroupId();
    return a;
  }

  static void applySettings(DetectorSettings s, Policy p) {
    if (p.sensitivity() != null) {
      switch (p.sensitivity()) {
        case "low" -> {
          s.zThreshold = 8.0;
          s.spikeRatio = 4.0;
          s.durationCusumThreshold = 2.0;
        }
        case "high" -> {
          s.zThreshold = 4.5;
          s.spikeRatio = 2.0;
          s.durationCusumThreshold = 0.8;
        }
        default -> {
          DetectorSettings d = new DetectorSettings();
          s.zThreshold = d.zThreshold;
          s.spikeRatio = d.spikeRatio;
          s.durationCusumThreshold = d.durationCusumThreshold;
        }
      }
    }
    for (Map.Entry<String, Double> t : p.thresholds().entrySet())
      setField(s, t.getKey(), t.getValue());
  }

  static void setField(DetectorSettings s, String name, double v) {
    try {
      Field f = DetectorSettings.class.getField(name);
      if (f.getType() == double.class) f.setDouble(s, v);
      else if (f.getType() == long.class) f.setLong(s, (long) v);
      else if (f.getType() == int.class) f.setInt(s, (int) v);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("unknown detector setting " + name, e);
    }
  }

  /**
   * ActionMode parsing shared with the loader: {@code dry-run}, {@code approval}, {@code enforce}.
   */
  static ActionMode parseMode(String s) {
    return switch (s) {
      case "dry-run" -> ActionMode.DRY_RUN;
      case "approval" -> ActionMode.APPROVAL;
      case "enforce" -> ActionMode.ENFORCE;
      default -> null;
    };
  }
}
