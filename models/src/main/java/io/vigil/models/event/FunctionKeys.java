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

  private static String part(String key, int index) {
    String[] parts = key.split("/", 3);
    return index < parts.length ? parts[index] : "-";
  }

  private static String orDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
