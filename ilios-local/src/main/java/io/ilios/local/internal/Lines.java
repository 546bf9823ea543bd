package io.ilios.local.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Groups a page's glyphs into lines, words and segments. */
final class Lines {
  /** A gap wider than this many font sizes splits a line into segments (cells, columns). */
  static final float SEGMENT_GAP = 1.2f;

  /** A gap wider than this many font sizes is a space between words. */
  static final float WORD_GAP = 0.15f;

  private Lines() {}

  /** The page's lines, top to bottom. */
  static List<TextLine> of(List<Glyph> glyphs) {
    List<Glyph> sorted = new ArrayList<>(glyphs);
    sorted.sort(Comparator.comparingDouble(Glyph::baseline).thenComparingDouble(Glyph::x));
    List<TextLine> lines = new ArrayList<>();
    List<Glyph> current = new ArrayList<>();
    float baseline = 0;
    for (Glyph g : sorted) {
      if (!current.isEmpty() && Math.abs(g.baseline() - baseline) > tolerance(current, g)) {
        addLine(lines, current);
        current = new ArrayList<>();
      }
      if (current.isEmpty()) {
        baseline = g.baseline();
      }
      current.add(g);
    }
    addLine(lines, current);
    return lines;
  }

  private static float tolerance(List<Glyph> line, Glyph g) {
    return Math.max(1.5f, 0.3f * Math.min(line.get(0).size(), g.size()));
  }

  private static void addLine(List<TextLine> lines, List<Glyph> glyphs) {
    glyphs.sort(Comparator.comparingDouble(Glyph::x));
    List<Glyph> ink = new ArrayList<>();
    for (Glyph g : glyphs) {
      if (!g.isSpace() && !isOverprint(ink, g)) {
        ink.add(g);
      }
    }
    if (ink.isEmpty()) {
      return;
    }
    float size = dominantSize(ink);
    int bold = 0;
    int mono = 0;
    for (Glyph g : ink) {
      bold += g.bold() ? 1 : 0;
      mono += g.mono() ? 1 : 0;
    }
    boolean isMono = mono >= 0.8 * ink.size();
    lines.add(
        new TextLine(
            segments(ink, size, isMono),
            ink.get(0).baseline(),
            size,
            bold >= 0.8 * ink.size(),
            isMono));
  }

  /** Fake bold draws each glyph twice, a fraction of a point apart: keep one. */
  private static boolean isOverprint(List<Glyph> ink, Glyph g) {
    if (ink.isEmpty()) {
      return false;
    }
    Glyph last = ink.get(ink.size() - 1);
    return last.text().equals(g.text()) && Math.abs(last.x() - g.x()) < 0.3f * g.width();
  }

  private static float dominantSize(List<Glyph> ink) {
    Map<Float, Integer> counts = new HashMap<>();
    for (Glyph g : ink) {
      counts.merge(Math.round(g.size() * 2) / 2f, 1, Integer::sum);
    }
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static List<TextLine.Segment> segments(List<Glyph> ink, float size, boolean mono) {
    List<TextLine.Segment> out = new ArrayList<>();
    SegmentText text = new SegmentText();
    float left = ink.get(0).x();
    Glyph prev = null;
    for (Glyph g : ink) {
      if (prev != null) {
        float gap = g.x() - prev.right();
        if (!mono && gap > SEGMENT_GAP * size) {
          out.add(text.finish(left, prev.right()));
          text = new SegmentText();
          left = g.x();
        } else if (mono) {
          // Code keeps its spacing: one space per character width of gap.
          int spaces = Math.round(gap / Math.max(0.1f, prev.width()));
          text.space(Math.max(0, spaces));
        } else if (gap > WORD_GAP * size) {
          text.space(1);
        }
      }
      text.add(g);
      prev = g;
    }
    out.add(text.finish(left, prev.right()));
    return out;
  }

  /** Builds a segment's plain and Markdown text, opening and closing links as they change. */
  private static final class SegmentText {
    private final StringBuilder plain = new StringBuilder();
    private final StringBuilder markdown = new StringBuilder();
    private final StringBuilder linkText = new StringBuilder();
    private String link;
    private int pendingSpaces;

    void space(int n) {
      pendingSpaces += n;
    }

    void add(Glyph g) {
      if (!java.util.Objects.equals(link, g.link())) {
        closeLink();
        flushSpaces();
        link = g.link();
      } else {
        flushSpaces();
      }
      plain.append(g.text());
      (link != null ? linkText : markdown).append(Markdown.escape(g.text()));
    }

    private void flushSpaces() {
      for (; pendingSpaces > 0; pendingSpaces--) {
        plain.append(' ');
        (link != null ? linkText : markdown).append(' ');
      }
    }

    private void closeLink() {
      if (link == null) {
        return;
      }
      String label = linkText.toString();
      if (Markdown.unescape(label).equals(link) && Markdown.linkTarget(link).equals(link)) {
        markdown.append('<').append(link).append('>');
      } else {
        markdown
            .append('[')
            .append(label)
            .append("](")
            .append(Markdown.linkTarget(link))
            .append(')');
      }
      linkText.setLength(0);
      link = null;
    }

    TextLine.Segment finish(float left, float right) {
      closeLink();
      pendingSpaces = 0;
      return new TextLine.Segment(left, right, plain.toString(), markdown.toString());
    }
  }
}
