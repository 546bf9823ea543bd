package io.ilios.internal;

/**
 * Text from documents and backends made safe to store: PostgreSQL's text type refuses U+0000, and a
 * lone UTF-16 surrogate cannot be encoded as UTF-8 at all.
 */
public final class Text {
  private Text() {}

  /** {@code s} without U+0000 and with each lone surrogate replaced by U+FFFD. */
  public static String storable(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad = c == '\u0000' || (Character.isSurrogate(c) && !paired(s, i));
      if (bad && b == null) {
        b = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (b != null) {
        if (c != '\u0000') {
          b.append(bad ? '\uFFFD' : c);
        }
      }
    }
    return b == null ? s : b.toString();
  }

  /**
   * One printable line: control characters become spaces, lone surrogates U+FFFD, cut to {@code
   * max} characters (never inside a surrogate pair).
   */
  public static String oneLine(String s, int max) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), max));
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && paired(s, i)) {
        if (b.length() + 2 > max) {
          break;
        }
        b.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        b.append('\uFFFD');
      } else {
        b.append(Character.isISOControl(c) ? ' ' : c);
      }
    }
    return b.toString();
  }

  private static boolean paired(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
