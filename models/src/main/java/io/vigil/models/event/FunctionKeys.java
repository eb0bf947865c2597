package io.vigil.models.event;

/**
 * Builds and splits the per-function key {@code account/region/function}. Unknown parts are written
 * as {@code -} so keys stay well-formed (e.g. a flow whose ENI is not yet attributed is keyed by
 * its ENI id instead of a function name).
 */
public final class FunctionKeys {
  private FunctionKeys() {}

  public static String of(String accountId, String region, String functionName) {
    return orDash(accountId) + "/" + orDash(region) + "/" + orDash(functionName);
  }

  public static String account(String key) {
    return part(key, 0);
  }

  public static String region(String key) {
    return part(key, 1);
  }

  public static String function(String key) {
    return part(key, 2);
  }

  /** What {@code key.split("/", 3)[index]} gives, "-" past the end, without the array. */
  private static String part(String key, int index) {
    int from = 0;
    for (int i = 0; i < index; i++) {
      int slash = key.indexOf('/', from);
      if (slash < 0) return "-";
      from = slash + 1;
    }
    if (index == 2) return key.substring(from); // the last part keeps any further slash
    int end = key.indexOf('/', from);
    return end < 0 ? key.substring(from) : key.substring(from, end);
  }

  private static String orDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
