package io.ilios.local.internal;

/** Turns Tesseract's plain text (lines, blank lines between paragraphs) into Markdown. */
public final class OcrMarkdown {
  private OcrMarkdown() {}

  public static String of(String text) {
    StringBuilder out = new StringBuilder();
    for (String para : text.strip().split("\\n\\s*\\n")) {
      StringBuilder p = new StringBuilder();
      boolean item = false;
      for (String raw : para.split("\\n")) {
        String line = raw.strip();
        if (line.isEmpty()) {
          continue;
        }
        java.util.regex.Matcher m = PageMarkdown.LIST_MARKER.matcher(line);
        if (m.matches() && m.group(1) != null) {
          if (p.length() > 0) {
            p.append('\n');
          }
          p.append("- ").append(Markdown.escape(m.group(5)));
          item = true;
          continue;
        }
        String md = Markdown.escape(line);
        int n = p.length();
        if (n == 0) {
          p.append(item ? md : Markdown.protectLineStart(md));
        } else if (p.charAt(n - 1) == '-'
            && n >= 2
            && Character.isLetter(p.charAt(n - 2))
            && Character.isLowerCase(md.charAt(0))) {
          p.setLength(n - 1);
          p.append(md);
        } else {
          p.append(' ').append(md);
        }
      }
      if (p.length() > 0) {
        if (out.length() > 0) {
          out.append("\n\n");
        }
        out.append(p);
      }
    }
    return out.toString();
  }
}
