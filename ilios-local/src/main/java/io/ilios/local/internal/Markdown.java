package io.ilios.local.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Escaping for text placed into Markdown. */
final class Markdown {
  private static final Pattern SPECIAL = Pattern.compile("([\\\\`*_\\[\\]<>|])");
  private static final Pattern NUMBERED = Pattern.compile("(\\d{1,9})[.)]\\s");
  private static final Pattern ESCAPED = Pattern.compile("\\\\([\\\\`*_\\[\\]<>|])");

  private Markdown() {}

  /** Escapes the characters that Markdown would read as formatting. */
  static String escape(String text) {
    return SPECIAL.matcher(text).replaceAll("\\\\$1");
  }

  static String unescape(String markdown) {
    return ESCAPED.matcher(markdown).replaceAll("$1");
  }

  private static final Pattern SAFE_SCHEME = Pattern.compile("(?i)(https?://|mailto:)\\S.*");

  /**
   * Whether a link from a document may become a Markdown link: only web and mail addresses. A
   * {@code javascript:}, {@code data:} or {@code file:} target stays plain text, so a document
   * cannot place script in whatever renders its Markdown.
   */
  static boolean isSafeLink(String uri) {
    return uri != null && uri.length() <= 2_000 && SAFE_SCHEME.matcher(uri).matches();
  }

  /**
   * A link target that cannot end the link early or carry markup: spaces, brackets, quotes, angle
   * brackets, backslashes and control characters are percent-encoded.
   */
  static String linkTarget(String uri) {
    StringBuilder b = new StringBuilder(uri.length() + 16);
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= 0x20 || c == 0x7f || "()<>\"'`\\[]{}|^".indexOf(c) >= 0) {
        b.append('%').append(String.format("%02X", (int) c & 0xff));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Escapes what would make a paragraph's first characters a heading, quote or list. */
  static String protectLineStart(String markdown) {
    if (markdown.startsWith("#") || markdown.startsWith("+") || markdown.startsWith("-")) {
      return "\\" + markdown;
    }
    Matcher numbered = NUMBERED.matcher(markdown);
    if (numbered.lookingAt()) {
      int end = numbered.end(1);
      return markdown.substring(0, end) + "\\" + markdown.substring(end);
    }
    return markdown;
  }
}
