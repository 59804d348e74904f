package io.quakegraph.ingest.seedlink;

/** SeedLink wildcards: {@code ?} matches one character, {@code *} any run of characters. */
final class Glob {
  private Glob() {}

  /** Whether {@code text} matches {@code pattern} in full (case-insensitive). */
  static boolean matches(String pattern, String text) {
    return matches(
        pattern.toUpperCase(java.util.Locale.ROOT), 0, text.toUpperCase(java.util.Locale.ROOT), 0);
  }

  private static boolean matches(String p, int i, String t, int j) {
    while (i < p.length()) {
      char c = p.charAt(i);
      if (c == '*') {
        for (int k = j; k <= t.length(); k++) {
          if (matches(p, i + 1, t, k)) {
            return true;
          }
        }
        return false;
      }
      if (j >= t.length() || (c != '?' && c != t.charAt(j))) {
        return false;
      }
      i++;
      j++;
    }
    return j == t.length();
  }

  /** Whether the pattern holds a wildcard. */
  static boolean hasWildcard(String pattern) {
    return pattern.indexOf('?') >= 0 || pattern.indexOf('*') >= 0;
  }
}
