package io.vigil.models.policy;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Which functions a policy covers. Every given criterion must hold: name matches one of {@link
 * #functions} (globs), account is one of {@link #accounts} (when any), every tag in {@link #tags}
 * equals the function's tag (value {@code *} = tag present).
 */
public record Selector(List<String> functions, List<String> accounts, Map<String, String> tags)
    implements Serializable {
  public boolean matches(String functionName, String accountId, Map<String, String> fnTags) {
    if (!Glob.any(functions, functionName)) return false;
    if (!accounts.isEmpty() && !accounts.contains(accountId)) return false;
    for (Map.Entry<String, String> t : tags.entrySet()) {
      String v = fnTags == null ? null : fnTags.get(t.getKey());
      if (v == null) return false;
      if (!"*".equals(t.getValue()) && !t.getValue().equals(v)) return false;
    }
    return true;
  }
}
