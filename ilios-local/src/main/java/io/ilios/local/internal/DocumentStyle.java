package io.ilios.local.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a first pass over every page learns about the whole document: the body font size, the
 * heading sizes (clustered across the document, largest first), and the running headers and footers
 * (lines repeated in the page margins) to drop.
 */
final class DocumentStyle {
  /** Lines within this fraction of the page height from the top or bottom are in the margin. */
  static final float MARGIN = 0.12f;

  /** A size at least this much larger than the body size is a heading size. */
  static final float HEADING_RATIO = 1.15f;

  private static final Pattern PAGE_NUMBER =
      Pattern.compile("^(page\\s*)?#+(\\s*(of|/)\\s*#+)?$|^[-–—]\\s*#+\\s*[-–—]$|^[ivxlcdm]{1,6}$");

  private final Map<Float, Integer> sizeCounts = new HashMap<>();
  private final Map<String, Integer> marginCounts = new HashMap<>();
  private int pages;
  private float body;
  private List<Float> headingSizes = List.of();
  private Set<String> running = Set.of();

  /** Takes in one page's lines (pass one). */
  void observe(List<TextLine> lines, float pageHeight) {
    pages++;
    Set<String> seen = new HashSet<>();
    for (TextLine line : lines) {
      int letters = line.plain().replace(" ", "").length();
      if (!line.mono()) { // code is often smaller than the text around it, and long
        sizeCounts.merge(line.size(), letters, Integer::sum);
      }
      if (inMargin(line, pageHeight)) {
        seen.add(signature(line));
      }
    }
    for (String s : seen) {
      marginCounts.merge(s, 1, Integer::sum);
    }
  }

  /** Ends pass one: settles the body size, heading levels and running lines. */
  void settle() {
    body =
        sizeCounts.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse(10f);
    TreeMap<Float, Integer> larger = new TreeMap<>(java.util.Comparator.reverseOrder());
    sizeCounts.forEach(
        (size, count) -> {
          if (size >= body * HEADING_RATIO) {
            larger.put(size, count);
          }
        });
    List<Float> clusters = new ArrayList<>();
    for (float size : larger.keySet()) {
      if (clusters.isEmpty() || clusters.get(clusters.size() - 1) - size > 0.75f) {
        clusters.add(size);
      }
    }
    headingSizes = clusters.size() > 5 ? clusters.subList(0, 5) : clusters;
    Set<String> r = new HashSet<>();
    int needed = Math.max(2, (pages + 1) / 2);
    marginCounts.forEach(
        (signature, count) -> {
          if (count >= needed) {
            r.add(signature);
          }
        });
    running = r;
  }

  float bodySize() {
    return body;
  }

  /**
   * The heading level of a line: 1 for the largest heading size, then down; bold body-size lines
   * that are short and do not end a sentence are one level below the smallest size. 0: not a
   * heading.
   */
  int headingLevel(TextLine line) {
    String text = line.plain().strip();
    if (text.isEmpty() || text.length() > 150 || line.mono()) {
      return 0;
    }
    for (int i = 0; i < headingSizes.size(); i++) {
      if (line.size() >= headingSizes.get(i) - 0.75f) {
        return i + 1;
      }
    }
    boolean sentenceEnd = text.endsWith(".") || text.endsWith(",") || text.endsWith(";");
    if (line.bold() && line.size() >= body - 0.5f && text.length() <= 80 && !sentenceEnd) {
      return Math.min(6, headingSizes.size() + 1);
    }
    return 0;
  }

  /**
   * The heading level of a line that stands alone (the caller knows the gaps around it): short, not
   * ending a sentence, starting with a capital or a number, and a little larger than body text.
   * Scans measure sizes only roughly, and some styles make headings barely larger. 0: not a
   * heading.
   */
  int isolatedHeadingLevel(TextLine line) {
    String text = line.plain().strip();
    // Larger than body text; or set apart by weight or slant alone (a heading font's italic).
    boolean larger = line.size() >= 1.04f * body;
    boolean styled = (line.bold() || line.italic()) && line.size() >= body - 0.5f;
    if (text.isEmpty() || text.length() > 80 || line.mono() || !(larger || styled)) {
      return 0;
    }
    int first = text.codePointAt(0);
    char last = text.charAt(text.length() - 1);
    if (!(Character.isUpperCase(first) || Character.isDigit(first)) || ".,;:".indexOf(last) >= 0) {
      return 0;
    }
    int level = 1;
    for (float size : headingSizes) {
      if (size > line.size() + 0.75f) {
        level++;
      }
    }
    return Math.min(6, level);
  }

  /** Whether the line is a running header or footer, or a page number, to be dropped. */
  boolean isRunning(TextLine line, float pageHeight) {
    if (!inMargin(line, pageHeight)) {
      return false;
    }
    String signature = signature(line);
    return running.contains(signature) || PAGE_NUMBER.matcher(signature).matches();
  }

  /**
   * Whether the top line of a page is a running header even on a single page: in the top margin, no
   * larger than body text, short, and standing well apart from the text below it.
   */
  boolean isHeader(TextLine line, TextLine next, float pageHeight) {
    return line.baseline() < pageHeight * MARGIN && apart(line, next.baseline() - line.baseline());
  }

  /**
   * Whether the bottom line of a page is a running footer even on a single page: in the bottom
   * margin, no larger than body text, short, centred (footnotes start at the left margin), and
   * standing well apart from the text above it.
   */
  boolean isFooter(TextLine line, TextLine previous, float pageWidth, float pageHeight) {
    float centre = (line.left() + line.right()) / 2;
    boolean apart = apart(line, line.baseline() - previous.baseline());
    if (apart && PAGE_NUMBER.matcher(signature(line)).matches()) {
      return line.baseline() > 0.75f * pageHeight; // a page number set higher than the margin
    }
    return line.baseline() > pageHeight * (1 - MARGIN)
        && Math.abs(centre - pageWidth / 2) < 0.05f * pageWidth
        && apart;
  }

  private boolean apart(TextLine line, float distance) {
    return line.size() <= 1.02f * body
        && line.plain().length() <= 60
        && distance > 2.5f * body
        && !line.bold();
  }

  private static boolean inMargin(TextLine line, float pageHeight) {
    return line.baseline() < pageHeight * MARGIN || line.baseline() > pageHeight * (1 - MARGIN);
  }

  /** The line's text with digits as '#', so "Page 3" and "Page 4" look alike. */
  private static String signature(TextLine line) {
    return line.plain().strip().toLowerCase(Locale.ROOT).replaceAll("\\d+", "#");
  }
}
