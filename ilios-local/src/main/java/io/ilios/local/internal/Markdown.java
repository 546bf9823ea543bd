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

  /** A link target that cannot end the link early. */
  static String linkTarget(String uri) {
    return uri.replace(" ", "%20").replace("(", "%28").replace(")", "%29");
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
