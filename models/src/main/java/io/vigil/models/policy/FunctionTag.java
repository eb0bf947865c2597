package io.vigil.models.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One function tag, AWS's own {@code {Key, Value}} shape. Findings and actions carry their
 * function's tags as an array of these (sorted by key) rather than a {@code Map}: Flink 1.20's type
 * extractor turns a {@code Map} field into a Kryo generic type, which the job disables; an array of
 * POJOs stays on the POJO serializer.
 */
public class FunctionTag {
  /** The tag that keeps planning at NOTIFY (value {@code true}, any case), as in the actuator. */
  public static final String PROTECTED = "vigil:protected";

  public String key;
  public String value;

  public FunctionTag() {}

  public FunctionTag(String key, String value) {
    this.key = key;
    this.value = value;
  }

  /** Sorted by key; null or empty -> null (absent in JSON). */
  public static FunctionTag[] of(Map<String, String> tags) {
    if (tags == null || tags.isEmpty()) return null;
    return tags.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> new FunctionTag(e.getKey(), e.getValue()))
        .toArray(FunctionTag[]::new);
  }

  /** The tags as a map (key order kept); empty for null. */
  public static Map<String, String> toMap(FunctionTag[] tags) {
    Map<String, String> out = new LinkedHashMap<>();
    if (tags == null) return out;
    for (FunctionTag t : tags) if (t != null && t.key != null) out.put(t.key, t.value);
    return out;
  }

  /** Sorted copy of {@code base} overlaid with {@code over} (over wins). */
  public static FunctionTag[] merge(Map<String, String> base, FunctionTag[] over) {
    Map<String, String> m = new LinkedHashMap<>(base == null ? Map.of() : base);
    m.putAll(toMap(over));
    return of(m);
  }

  /**
   * The Lambda API's tags overlaid by the GitOps manifest's (the manifest wins), except that {@code
   * vigil:protected=true} from either side is kept: protection is never lost by merging.
   */
  public static FunctionTag[] mergeKeepingProtection(
      Map<String, String> api, Map<String, String> manifest) {
    Map<String, String> m = new LinkedHashMap<>(api == null ? Map.of() : api);
    Map<String, String> mine = manifest == null ? Map.of() : manifest;
    m.putAll(mine);
    if (isProtected(api) && !isProtected(mine)) m.put(PROTECTED, api.get(PROTECTED));
    return of(m);
  }

  public static boolean isProtected(Map<String, String> tags) {
    return tags != null && "true".equalsIgnoreCase(tags.get(PROTECTED));
  }

  public static boolean isProtected(FunctionTag[] tags) {
    return isProtected(toMap(tags));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FunctionTag t
        && Objects.equals(key, t.key)
        && Objects.equals(value, t.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, value);
  }

  @Override
  public String toString() {
    return key + "=" + value;
  }
}
