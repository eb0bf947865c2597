package io.vigil.models.policy;

import io.vigil.models.action.ActionMode;
import io.vigil.models.action.ActionPlanner;
import io.vigil.models.action.ActionType;
import io.vigil.models.action.RemediationAction;
import io.vigil.models.finding.FindingType;
import io.vigil.models.settings.DetectorSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads every {@code *.yaml}/{@code *.yml} under a folder (recursively, sorted) and validates it
 * against the schema in {@code docs/remediation.md}. Works on SnakeYAML's node graph so every error
 * carries its line and column. Returns a complete {@link PolicySet} only when there is no error at
 * all.
 */
public final class PolicyLoader {
  public static final String POLICY_API = "vigil.io/v1";

  private static final Set<String> POLICY_KEYS = Set.of("apiVersion", "kind", "metadata", "spec");
  private static final Set<String> SPEC_KEYS =
      Set.of("priority", "selector", "detectors", "budgets", "actions");
  private static final Set<String> SELECTOR_KEYS = Set.of("functions", "accounts", "tags");
  private static final Set<String> DETECTOR_KEYS = Set.of("sensitivity", "thresholds");
  private static final Set<String> BUDGET_KEYS = Set.of("name", "metric", "limit", "period");
  private static final Set<String> ACTION_KEYS =
      Set.of(
          "finding",
          "action",
          "mode",
          "reservedConcurrency",
          "securityGroupId",
          "expiry",
          "maxPerHour");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h|d)");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern SG = Pattern.compile("sg-[0-9a-f]{8,17}");
  private static final Set<String> NUMERIC_SETTINGS = numericSettings();

  private PolicyLoader() {}

  /** Loads a folder: the complete set, or every error found. */
  public static PolicyLoadResult load(Path dir) {
    List<PolicyError> errors = new ArrayList<>();
    Map<String, String> texts = readTexts(dir, errors);
    if (!errors.isEmpty()) return new PolicyLoadResult(null, errors);
    return loadTexts(texts);
  }

  /**
   * Every {@code *.yaml}/{@code *.yml} under {@code dir}, recursively, sorted, as relative name ->
   * text (what a policy bundle carries). Problems reading are added to {@code errors}.
   */
  public static Map<String, String> readTexts(Path dir, List<PolicyError> errors) {
    Map<String, String> texts = new LinkedHashMap<>();
    if (!Files.isDirectory(dir)) {
      errors.add(new PolicyError(dir.toString(), 0, 0, null, "not a directory"));
      return texts;
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files =
          s.filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
    } catch (IOException e) {
      errors.add(new PolicyError(dir.toString(), 0, 0, null, "cannot list: " + e.getMessage()));
      return texts;
    }
    for (Path f : files) {
      try {
        texts.put(dir.relativize(f).toString(), Files.readString(f, StandardCharsets.UTF_8));
      } catch (IOException e) {
        errors.add(new PolicyError(f.toString(), 0, 0, null, "cannot read: " + e.getMessage()));
      }
    }
    return texts;
  }

  /** Loads named YAML texts (name -> content): the unit the job's hot reload uses. */
  public static PolicyLoadResult loadTexts(Map<String, String> texts) {
    List<PolicyError> errors = new ArrayList<>();
    List<Policy> policies = new ArrayList<>();
    Map<String, FunctionManifest> manifests = new HashMap<>();
    Map<String, String> policyFiles = new HashMap<>();
    for (Map.Entry<String, String> t : texts.entrySet()) {
      Ctx c = new Ctx(t.getKey(), errors);
      for (Node doc : compose(c, t.getValue())) {
        MappingNode root = c.map(doc, "");
        if (root == null) continue;
        Map<String, Node> top = c.fields(root, "", null);
        String kind = c.str(top.get("kind"), "kind", root);
        if (kind == null) continue;
        switch (kind) {
          case "Policy" -> {
            Policy p = policy(c, root, top);
            if (p == null) continue;
            String prev = policyFiles.putIfAbsent(p.name(), c.file);
            if (prev != null) {
              c.error(
                  top.get("metadata"),
                  "metadata.name",
                  "duplicate policy name '" + p.name() + "' (also in " + prev + ")");
            } else {
              policies.add(p);
            }
          }
          case "LambdaFunction" -> {
            FunctionManifest m = manifest(c, root, top);
            if (m == null) continue;
            FunctionManifest prev = manifests.putIfAbsent(m.functionName(), m);
            if (prev != null) {
              c.error(
                  root,
                  "spec.functionName",
                  "duplicate manifest for '"
                      + m.functionName()
                      + "' (also in "
                      + prev.file()
                      + ")");
            }
          }
          default ->
              c.error(
                  top.get("kind"), "kind", "unknown kind '" + kind + "' (Policy, LambdaFunction)");
        }
      }
    }
    if (!errors.isEmpty()) return new PolicyLoadResult(null, List.copyOf(errors));
    return new PolicyLoadResult(new PolicySet(policies, manifests), List.of());
  }

  private static List<Node> compose(Ctx c, String text) {
    List<Node> out = new ArrayList<>();
    LoaderOptions opts = new LoaderOptions();
    opts.setAllowDuplicateKeys(false);
    try (Reader r = new StringReader(text)) {
      for (Node n : new Yaml(opts).composeAll(r)) if (n != null) out.add(n);
    } catch (MarkedYAMLException e) {
      Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      c.errors.add(
          new PolicyError(
              c.file,
              m == null ? 0 : m.getLine() + 1,
              m == null ? 0 : m.getColumn() + 1,
              null,
              "YAML syntax: " + e.getProblem()));
      out.clear();
    } catch (RuntimeException | IOException e) {
      c.errors.add(new PolicyError(c.file, 0, 0, null, "YAML syntax: " + e.getMessage()));
      out.clear();
    }
    return out;
  }

  private static Policy policy(Ctx c, MappingNode root, Map<String, Node> top) {
    int before = c.errors.size();
    c.checkKeys(root, "", POLICY_KEYS);
    String api = c.str(top.get("apiVersion"), "apiVersion", root);
    if (api != null && !api.equals(POLICY_API)) {
      c.error(top.get("apiVersion"), "apiVersion", "must be '" + POLICY_API + "'");
    }
    MappingNode meta = c.requiredMap(top.get("metadata"), "metadata", root);
    String name = null;
    if (meta != null) {
      Map<String, Node> m = c.fields(meta, "metadata", Set.of("name", "description", "owner"));
      name = c.str(m.get("name"), "metadata.name", meta);
      if (name != null && !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
        c.error(m.get("name"), "metadata.name", "must be lower-case letters, digits and '-'");
      }
    }
    MappingNode spec = c.requiredMap(top.get("spec"), "spec", root);
    if (spec == null) return null;
    Map<String, Node> s = c.fields(spec, "spec", SPEC_KEYS);
    int priority = s.containsKey("priority") ? c.integer(s.get("priority"), "spec.priority") : 0;

    Selector selector = new Selector(List.of("*"), List.of(), Map.of());
    MappingNode sel = c.requiredMap(s.get("selector"), "spec.selector", spec);
    if (sel != null) {
      Map<String, Node> f = c.fields(sel, "spec.selector", SELECTOR_KEYS);
      List<String> fns =
          f.containsKey("functions")
              ? c.strings(f.get("functions"), "spec.selector.functions")
              : List.of("*");
      if (fns.isEmpty())
        c.error(f.get("functions"), "spec.selector.functions", "must not be empty");
      List<String> accounts =
          f.containsKey("accounts")
              ? c.strings(f.get("accounts"), "spec.selector.accounts")
              : List.of();
      for (int i = 0; i < accounts.size(); i++) {
        if (!ACCOUNT.matcher(accounts.get(i)).matches()) {
          c.error(
              ((SequenceNode) f.get("accounts")).getValue().get(i),
              "spec.selector.accounts[" + i + "]",
              "must be a 12-digit AWS account id");
        }
      }
      Map<String, String> tags =
          f.containsKey("tags") ? c.stringMap(f.get("tags"), "spec.selector.tags") : Map.of();
      selector = new Selector(fns, accounts, tags);
    }

    String sensitivity = null;
    Map<String, Double> thresholds = new LinkedHashMap<>();
    if (s.containsKey("detectors")) {
      MappingNode det = c.map(s.get("detectors"), "spec.detectors");
      if (det != null) {
        Map<String, Node> d = c.fields(det, "spec.detectors", DETECTOR_KEYS);
        if (d.containsKey("sensitivity")) {
          sensitivity =
              c.oneOf(d.get("sensitivity"), "spec.detectors.sensitivity", "low", "medium", "high");
        }
        if (d.containsKey("thresholds")) {
          MappingNode th = c.map(d.get("thresholds"), "spec.detectors.thresholds");
          if (th != null) {
            for (NodeTuple nt : th.getValue()) {
              String key = c.scalar(nt.getKeyNode());
              String field = "spec.detectors.thresholds." + key;
              if (!NUMERIC_SETTINGS.contains(key)) {
                c.error(
                    nt.getKeyNode(), field, "unknown detector setting; known: " + NUMERIC_SETTINGS);
                continue;
              }
              Double v = c.number(nt.getValueNode(), field);
              if (v != null && v < 0) c.error(nt.getValueNode(), field, "must be >= 0");
              else if (v != null) thresholds.put(key, v);
            }
          }
        }
      }
    }

    List<BudgetRule> budgets = new ArrayList<>();
    if (s.containsKey("budgets")) {
      SequenceNode seq = c.seq(s.get("budgets"), "spec.budgets");
      for (int i = 0; seq != null && i < seq.getValue().size(); i++) {
        String p = "spec.budgets[" + i + "]";
        MappingNode b = c.map(seq.getValue().get(i), p);
        if (b == null) continue;
        Map<String, Node> f = c.fields(b, p, BUDGET_KEYS);
        String bn = c.str(f.get("name"), p + ".name", b);
        String metric = c.oneOf(f.get("metric"), p + ".metric", b, "costUsd", "invocations");
        Double limit = c.number(f.get("limit"), p + ".limit", b);
        if (limit != null && limit <= 0) c.error(f.get("limit"), p + ".limit", "must be > 0");
        String period =
            f.containsKey("period")
                ? c.oneOf(f.get("period"), p + ".period", "hour", "day", "month")
                : "month";
        if (bn != null && metric != null && limit != null && period != null) {
          budgets.add(new BudgetRule(bn, metric, limit, period, "policy " + name));
        }
      }
    }

    List<ActionRule> actions = new ArrayList<>();
    if (s.containsKey("actions")) {
      SequenceNode seq = c.seq(s.get("actions"), "spec.actions");
      Set<String> seen = new TreeSet<>();
      for (int i = 0; seq != null && i < seq.getValue().size(); i++) {
        ActionRule r = actionRule(c, seq.getValue().get(i), "spec.actions[" + i + "]");
        if (r != null && !seen.add(r.finding())) {
          c.error(
              seq.getValue().get(i),
              "spec.actions[" + i + "].finding",
              "finding '" + r.finding() + "' is mapped twice in this policy");
        } else if (r != null) {
          actions.add(r);
        }
      }
    }
    if (c.errors.size() > before || name == null) return null;
    return new Policy(
        name,
        c.file,
        priority,
        selector,
        sensitivity,
        Map.copyOf(thresholds),
        List.copyOf(budgets),
        List.copyOf(actions));
  }

  private static ActionRule actionRule(Ctx c, Node n, String p) {
    MappingNode m = c.map(n, p);
    if (m == null) return null;
    int before = c.errors.size();
    Map<String, Node> f = c.fields(m, p, ACTION_KEYS);
    String finding = c.str(f.get("finding"), p + ".finding", m);
    if (finding != null && !finding.equals("*")) {
      try {
        FindingType.valueOf(finding);
      } catch (IllegalArgumentException e) {
        c.error(
            f.get("finding"),
            p + ".finding",
            "unknown finding type; known: " + names(FindingType.values()));
      }
    }
    String actionName = c.str(f.get("action"), p + ".action", m);
    ActionType type = null;
    if (actionName != null) {
      try {
        type = ActionType.valueOf(actionName);
      } catch (IllegalArgumentException e) {
        c.error(
            f.get("action"), p + ".action", "unknown action; known: " + names(ActionType.values()));
      }
    }
    ActionMode mode = ActionMode.DRY_RUN;
    if (f.containsKey("mode")) {
      String ms = c.oneOf(f.get("mode"), p + ".mode", "dry-run", "approval", "enforce");
      if (ms != null) mode = PolicySet.parseMode(ms);
    }
    int conc = -1;
    if (f.containsKey("reservedConcurrency")) {
      conc = c.integer(f.get("reservedConcurrency"), p + ".reservedConcurrency");
      if (type != ActionType.THROTTLE) {
        c.error(f.get("reservedConcurrency"), p + ".reservedConcurrency", "only for THROTTLE");
      } else if (conc < 1) {
        c.error(
            f.get("reservedConcurrency"),
            p + ".reservedConcurrency",
            "must be >= 1 (use QUARANTINE for 0)");
      }
    } else if (type == ActionType.THROTTLE) {
      c.error(m, p + ".reservedConcurrency", "required for THROTTLE");
    }
    String sg = null;
    if (f.containsKey("securityGroupId")) {
      sg = c.str(f.get("securityGroupId"), p + ".securityGroupId", m);
      if (type != ActionType.ISOLATE_NETWORK) {
        c.error(f.get("securityGroupId"), p + ".securityGroupId", "only for ISOLATE_NETWORK");
      } else if (sg != null && !SG.matcher(sg).matches()) {
        c.error(f.get("securityGroupId"), p + ".securityGroupId", "must look like sg-0123abcd");
      }
    } else if (type == ActionType.ISOLATE_NETWORK) {
      c.error(m, p + ".securityGroupId", "required for ISOLATE_NETWORK");
    }
    long expiry = 0;
    if (f.containsKey("expiry")) {
      String e = c.str(f.get("expiry"), p + ".expiry", m);
      Matcher dm = e == null ? null : DURATION.matcher(e);
      if (dm != null && dm.matches()) {
        long unit =
            switch (dm.group(2)) {
              case "s" -> 1000L;
              case "m" -> 60_000L;
              case "h" -> 3_600_000L;
              default -> 86_400_000L;
            };
        expiry = Long.parseLong(dm.group(1)) * unit;
        if (expiry <= 0) c.error(f.get("expiry"), p + ".expiry", "must be > 0");
      } else if (e != null) {
        c.error(f.get("expiry"), p + ".expiry", "must be a duration like 90s, 30m, 2h, 1d");
      }
    } else if (mode != ActionMode.DRY_RUN
        && (type == ActionType.THROTTLE
            || type == ActionType.QUARANTINE
            || type == ActionType.ISOLATE_NETWORK)) {
      c.error(m, p + ".expiry", "required when a containment action is not dry-run");
    }
    int maxPerHour = 0;
    if (f.containsKey("maxPerHour")) {
      maxPerHour = c.integer(f.get("maxPerHour"), p + ".maxPerHour");
      if (maxPerHour < 0) c.error(f.get("maxPerHour"), p + ".maxPerHour", "must be >= 0");
    }
    if (expiry > RemediationAction.MAX_LIFETIME_MS) {
      c.error(
          f.get("expiry"), p + ".expiry", "longer than the actuator accepts (24h): never applied");
    }
    if (type != null && finding != null && !finding.equals("*")) {
      Set<ActionType> planned = plannedFor(finding);
      if (planned != null && !planned.contains(type)) {
        c.error(
            f.get("action"),
            p + ".action",
            "can never take effect: for "
                + finding
                + " the planner proposes only "
                + planned
                + " (a rule can raise the mode of a planned action, not change its type)");
      }
    }
    if (c.errors.size() > before) return null;
    return new ActionRule(finding, type, mode, conc, sg, expiry, maxPerHour);
  }

  private static Set<ActionType> plannedFor(String finding) {
    try {
      return ActionPlanner.typesFor(FindingType.valueOf(finding));
    } catch (IllegalArgumentException unknown) {
      return null; // reported as an unknown finding type
    }
  }

  private static FunctionManifest manifest(Ctx c, MappingNode root, Map<String, Node> top) {
    // Another team owns this schema: unknown fields are fine; we check only what we read.
    int before = c.errors.size();
    c.str(top.get("apiVersion"), "apiVersion", root);
    MappingNode spec = c.requiredMap(top.get("spec"), "spec", root);
    if (spec == null) return null;
    Map<String, Node> s = c.fields(spec, "spec", null);
    String fn = c.str(s.get("functionName"), "spec.functionName", spec);
    Node memNode = s.get("memorySize");
    int mem = c.integerRequired(memNode, "spec.memorySize", spec);
    if (memNode != null && (mem < 128 || mem > 10240)) {
      c.error(memNode, "spec.memorySize", "must be between 128 and 10240 (MB)");
    }
    String tag = null;
    List<BudgetRule> budgets = new ArrayList<>();
    if (s.containsKey("finops")) {
      MappingNode fin = c.map(s.get("finops"), "spec.finops");
      if (fin != null) {
        Map<String, Node> f = c.fields(fin, "spec.finops", null);
        if (f.containsKey("costAllocationTag")) {
          tag = c.str(f.get("costAllocationTag"), "spec.finops.costAllocationTag", fin);
        }
        if (f.containsKey("monitoringAlerts")) {
          MappingNode al = c.map(f.get("monitoringAlerts"), "spec.finops.monitoringAlerts");
          if (al != null) {
            Map<String, Node> a =
                c.fields(
                    al,
                    "spec.finops.monitoringAlerts",
                    Set.of("highInvocationThreshold", "highCostThreshold"));
            String src = "manifest " + c.file;
            if (a.containsKey("highInvocationThreshold")) {
              Double v =
                  c.number(
                      a.get("highInvocationThreshold"),
                      "spec.finops.monitoringAlerts.highInvocationThreshold");
              if (v != null && v > 0) {
                budgets.add(new BudgetRule(fn + "-invocations", "invocations", v, "month", src));
              } else if (v != null) {
                c.error(
                    a.get("highInvocationThreshold"),
                    "spec.finops.monitoringAlerts.highInvocationThreshold",
                    "must be > 0");
              }
            }
            if (a.containsKey("highCostThreshold")) {
              Double v =
                  c.number(
                      a.get("highCostThreshold"), "spec.finops.monitoringAlerts.highCostThreshold");
              if (v != null && v > 0) {
                budgets.add(new BudgetRule(fn + "-cost", "costUsd", v, "month", src));
              } else if (v != null) {
                c.error(
                    a.get("highCostThreshold"),
                    "spec.finops.monitoringAlerts.highCostThreshold",
                    "must be > 0");
              }
            }
          }
        }
      }
    }
    Map<String, String> tags = new LinkedHashMap<>(manifestTags(c, s));
    if (tag != null && tag.indexOf(':') > 0) {
      // costAllocationTag 'Project:Checkout' is the tag Project=Checkout unless spec.tags says.
      int i = tag.indexOf(':');
      tags.putIfAbsent(tag.substring(0, i).trim(), tag.substring(i + 1).trim());
    }
    String runtime = optionalStr(c, s.get("runtime"), "spec.runtime");
    int timeout = -1;
    if (s.containsKey("timeout")) {
      timeout = c.integer(s.get("timeout"), "spec.timeout");
      if (timeout < 1 || timeout > 900) {
        c.error(s.get("timeout"), "spec.timeout", "must be between 1 and 900 (seconds)");
      }
    }
    String arch = architecture(c, s);
    List<String> subnets = List.of();
    List<String> groups = List.of();
    if (s.containsKey("vpcConfig")) {
      MappingNode vpc = c.map(s.get("vpcConfig"), "spec.vpcConfig");
      if (vpc != null) {
        Map<String, Node> v = c.fields(vpc, "spec.vpcConfig", null);
        if (v.containsKey("subnetIds")) {
          subnets = c.strings(v.get("subnetIds"), "spec.vpcConfig.subnetIds");
        }
        if (v.containsKey("securityGroupIds")) {
          groups = c.strings(v.get("securityGroupIds"), "spec.vpcConfig.securityGroupIds");
        }
      }
    }
    if (c.errors.size() > before || fn == null) return null;
    return new FunctionManifest(
        fn,
        c.file,
        mem,
        memNode.getStartMark().getLine() + 1,
        tag,
        List.copyOf(budgets),
        Map.copyOf(tags),
        runtime,
        timeout,
        arch,
        subnets,
        groups);
  }

  /** {@code spec.tags}: a string map (AWS tag values may be empty, so only keys must be set). */
  private static Map<String, String> manifestTags(Ctx c, Map<String, Node> s) {
    if (!s.containsKey("tags")) return Map.of();
    MappingNode m = c.map(s.get("tags"), "spec.tags");
    Map<String, String> out = new LinkedHashMap<>();
    if (m == null) return out;
    for (NodeTuple t : m.getValue()) {
      String k = c.scalar(t.getKeyNode());
      if (!(t.getValueNode() instanceof ScalarNode v)) {
        c.error(t.getValueNode(), "spec.tags." + k, "must be a string");
      } else if (k.isBlank()) {
        c.error(t.getKeyNode(), "spec.tags", "tag keys must not be empty");
      } else {
        out.put(k, v.getValue());
      }
    }
    return out;
  }

  /**
   * {@code spec.architecture} or the first of {@code spec.architectures} (the Lambda API's list).
   */
  private static String architecture(Ctx c, Map<String, Node> s) {
    String arch = optionalStr(c, s.get("architecture"), "spec.architecture");
    if (arch == null && s.containsKey("architectures")) {
      List<String> all = c.strings(s.get("architectures"), "spec.architectures");
      arch = all.isEmpty() ? null : all.get(0);
    }
    if (arch != null && !arch.equals("x86_64") && !arch.equals("arm64")) {
      c.error(
          s.containsKey("architecture") ? s.get("architecture") : s.get("architectures"),
          "spec.architecture",
          "must be x86_64 or arm64 (got '" + arch + "')");
    }
    return arch;
  }

  private static String optionalStr(Ctx c, Node n, String field) {
    return n == null ? null : c.str(n, field, null);
  }

  private static String names(Enum<?>[] values) {
    List<String> out = new ArrayList<>();
    for (Enum<?> v : values) out.add(v.name());
    return String.join(", ", out);
  }

  private static Set<String> numericSettings() {
    Set<String> out = new TreeSet<>();
    for (Field f : DetectorSettings.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers())) continue;
      Class<?> t = f.getType();
      if (t == double.class || t == int.class || t == long.class) out.add(f.getName());
    }
    return out;
  }

  /** Error-collecting node accessors for one file. */
  private static final class Ctx {
    final String file;
    final List<PolicyError> errors;

    Ctx(String file, List<PolicyError> errors) {
      this.file = file;
      this.errors = errors;
    }

    void error(Node at, String field, String message) {
      Mark m = at == null ? null : at.getStartMark();
      errors.add(
          new PolicyError(
              file,
              m == null ? 0 : m.getLine() + 1,
              m == null ? 0 : m.getColumn() + 1,
              field,
              message));
    }

    MappingNode map(Node n, String field) {
      if (n instanceof MappingNode m) return m;
      error(n, field, "must be a mapping");
      return null;
    }

    MappingNode requiredMap(Node n, String field, Node parent) {
      if (n == null) {
        error(parent, field, "is required");
        return null;
      }
      return map(n, field);
    }

    SequenceNode seq(Node n, String field) {
      if (n instanceof SequenceNode s) return s;
      error(n, field, "must be a list");
      return null;
    }

    String scalar(Node n) {
      return n instanceof ScalarNode s ? s.getValue() : String.valueOf(n);
    }

    /** Keys of a mapping; reports unknown keys when {@code allowed} is given. */
    Map<String, Node> fields(MappingNode m, String prefix, Set<String> allowed) {
      Map<String, Node> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        String k = scalar(t.getKeyNode());
        String field = prefix.isEmpty() ? k : prefix + "." + k;
        if (allowed != null && !allowed.contains(k)) {
          error(t.getKeyNode(), field, "unknown field; allowed: " + new TreeSet<>(allowed));
          continue;
        }
        out.put(k, t.getValueNode());
      }
      return out;
    }

    void checkKeys(MappingNode m, String prefix, Set<String> allowed) {
      fields(m, prefix, allowed);
    }

    String str(Node n, String field, Node parent) {
      if (n == null) {
        error(parent, field, "is required");
        return null;
      }
      if (!(n instanceof ScalarNode s) || s.getValue().isBlank()) {
        error(n, field, "must be a non-empty string");
        return null;
      }
      return s.getValue();
    }

    String oneOf(Node n, String field, String... allowed) {
      return oneOf(n, field, null, allowed);
    }

    String oneOf(Node n, String field, Node parent, String... allowed) {
      String v = str(n, field, parent);
      if (v == null) return null;
      for (String a : allowed) if (a.equals(v)) return v;
      error(n, field, "must be one of " + String.join(", ", allowed) + " (got '" + v + "')");
      return null;
    }

    Double number(Node n, String field) {
      return number(n, field, null);
    }

    Double number(Node n, String field, Node parent) {
      String v = str(n, field, parent);
      if (v == null) return null;
      try {
        return Double.parseDouble(v.replace("_", ""));
      } catch (NumberFormatException e) {
        error(n, field, "must be a number (got '" + v + "')");
        return null;
      }
    }

    int integer(Node n, String field) {
      return integerRequired(n, field, null);
    }

    int integerRequired(Node n, String field, Node parent) {
      String v = str(n, field, parent);
      if (v == null) return -1;
      try {
        return Integer.parseInt(v.replace("_", ""));
      } catch (NumberFormatException e) {
        error(n, field, "must be an integer (got '" + v + "')");
        return -1;
      }
    }

    List<String> strings(Node n, String field) {
      SequenceNode s = seq(n, field);
      List<String> out = new ArrayList<>();
      if (s == null) return out;
      for (int i = 0; i < s.getValue().size(); i++) {
        String v = str(s.getValue().get(i), field + "[" + i + "]", s);
        if (v != null) out.add(v);
      }
      return List.copyOf(out);
    }

    Map<String, String> stringMap(Node n, String field) {
      MappingNode m = map(n, field);
      Map<String, String> out = new LinkedHashMap<>();
      if (m == null) return out;
      for (NodeTuple t : m.getValue()) {
        String k = scalar(t.getKeyNode());
        String v = str(t.getValueNode(), field + "." + k, m);
        if (v != null) out.put(k, v);
      }
      return Map.copyOf(out);
    }
  }
}
