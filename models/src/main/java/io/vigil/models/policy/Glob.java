package io.vigil.models.policy;

import java.util.Collection;

/** Shell-style globs over names: {@code *} any run, {@code ?} one character. Case-sensitive. */
public final class Glob {
  private Glob() {}

  public static boolean matches(String glob, String s) {
    if (s == null) return false;
    int g = 0, i = 0, star = -1, mark = 0;
    while (i < s.length()) {
      if (g < glob.length() && (glob.charAt(g) == '?' || glob.charAt(g) == s.charAt(i))) {
        g++;
        i++;
      } else if (g < glob.length() && glob.charAt(g) == '*') {
        star = g++;
        mark = i;
      } else if (star >= 0) {
        g = star + 1;
        i = ++mark;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') g++;
    return g == glob.length();
  }

  public static boolean any(Collection<String> globs, String s) {
    for (String g : globs) if (matches(g, s)) return true;
    return false;
  }
}
