package io.ilios.local.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Groups a page's glyphs into lines, words and segments. */
final class Lines {
  /** A gap wider than this many font sizes splits a line into segments (cells, columns). */
  static final float SEGMENT_GAP = 1.2f;

  /** A gap wider than this many font sizes is a space between words. */
  static final float WORD_GAP = 0.15f;

  /** Share of a line's letters that must be bold (italic, monospaced) for the line to be. */
  static final float WHOLE_LINE = 0.8f;

  private Lines() {}

  /** The page's lines, top to bottom. */
  static List<TextLine> of(List<Glyph> glyphs) {
    List<Glyph> sorted = new ArrayList<>(glyphs);
    sorted.sort(Comparator.comparingDouble(Glyph::baseline).thenComparingDouble(Glyph::x));
    List<TextLine> lines = new ArrayList<>();
    List<Glyph> current = new ArrayList<>();
    Glyph main = null; // the line's largest glyph so far: its baseline is the line's
    for (Glyph g : sorted) {
      if (main != null && Math.abs(g.baseline() - main.baseline()) > tolerance(main, g)) {
        addLine(lines, current);
        current = new ArrayList<>();
        main = null;
      }
      if (main == null || g.size() > main.size() + 0.5f) {
        main = g; // a raised small letter (the A of LaTeX) does not set the line's baseline
      }
      current.add(g);
    }
    addLine(lines, current);
    return lines;
  }

  /**
   * How far from a line's baseline a glyph may sit and still belong to it: far enough for
   * superscripts, subscripts and the lowered E of the TeX logo, never half a line.
   */
  private static float tolerance(Glyph main, Glyph g) {
    return Math.max(1.5f, 0.45f * Math.max(main.size(), g.size()));
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
    float baseline = ink.get(0).baseline();
    for (Glyph g : ink) {
      if (Math.abs(g.size() - size) < 0.5f) {
        baseline = g.baseline(); // the line's own baseline, not a superscript's
        break;
      }
    }
    int letters = 0;
    int bold = 0;
    int italic = 0;
    int mono = 0;
    for (Glyph g : ink) {
      int n = g.text().length();
      letters += n;
      bold += g.bold() ? n : 0;
      italic += g.italic() ? n : 0;
      mono += g.mono() ? n : 0;
    }
    boolean isMono = mono >= WHOLE_LINE * letters;
    boolean isBold = bold >= WHOLE_LINE * letters;
    boolean isItalic = italic >= WHOLE_LINE * letters;
    // A line set wholly in bold (a heading) or italic (a quote) is marked by its kind, not by
    // emphasis on each word; code has no emphasis.
    Emphasis marks = new Emphasis(!isMono && !isBold, !isMono && !isItalic, size, baseline);
    lines.add(
        new TextLine(
            segments(ink, size, isMono, marks),
            ink.get(0).baseline(),
            size,
            isBold,
            isItalic,
            isMono,
            0));
  }

  /**
   * Which styles a line marks in its Markdown, and the line's size and baseline, against which
   * small raised digits are footnote marks.
   */
  private record Emphasis(boolean bold, boolean italic, float size, float baseline) {

    /** Digits set small and raised after text: a footnote mark. */
    boolean footnoteMark(Glyph g) {
      return g.size() < 0.9f * size
          && g.baseline() < baseline - 0.15f * size
          && !g.text().isEmpty()
          && g.text().chars().allMatch(Character::isDigit);
    }
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
      counts.merge(Math.round(g.size() * 2) / 2f, g.text().length(), Integer::sum);
    }
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  private static List<TextLine.Segment> segments(
      List<Glyph> ink, float size, boolean mono, Emphasis marks) {
    List<TextLine.Segment> out = new ArrayList<>();
    List<Glyph> run = new ArrayList<>();
    List<Integer> spaces = new ArrayList<>(); // spaces before each glyph of the run
    Glyph prev = null;
    for (Glyph g : ink) {
      int before = 0;
      if (prev != null) {
        float gap = g.x() - prev.right();
        if (!mono && gap > SEGMENT_GAP * size) {
          out.add(segment(run, spaces, marks));
          run = new ArrayList<>();
          spaces = new ArrayList<>();
        } else if (mono) {
          // Code keeps its spacing: one space per character width of gap.
          before = Math.max(0, Math.round(gap / Math.max(0.1f, prev.width())));
        } else if (gap > WORD_GAP * size) {
          before = 1;
        }
      }
      run.add(g);
      spaces.add(run.size() == 1 ? 0 : before);
      prev = g;
    }
    out.add(segment(run, spaces, marks));
    return out;
  }

  /**
   * One segment: glyphs in visual order, put in logical order when they hold right-to-left text.
   */
  private static TextLine.Segment segment(List<Glyph> run, List<Integer> spaces, Emphasis marks) {
    List<Glyph> glyphs = new ArrayList<>(run.size());
    for (Glyph g : run) {
      String text = letters(g.text());
      glyphs.add(text.equals(g.text()) ? g : withText(g, text));
    }
    if (RightToLeft.present(glyphs)) {
      return RightToLeft.segment(glyphs, spaces);
    }
    SegmentText text = new SegmentText(marks);
    for (int i = 0; i < glyphs.size(); i++) {
      text.space(spaces.get(i));
      text.add(glyphs.get(i));
    }
    return text.finish(glyphs.get(0).x(), glyphs.get(glyphs.size() - 1).right());
  }

  /**
   * Presentation forms as the letters they stand for: Latin ligatures ("ﬁ" as "fi") and the shaped
   * Arabic glyphs some PDFs map their text to (initial, medial, final forms, lam-alef).
   */
  static String letters(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c >= '\uFB00' && c <= '\uFDFF') || (c >= '\uFE70' && c <= '\uFEFF')) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC);
      }
    }
    return text;
  }

  private static Glyph withText(Glyph g, String text) {
    return new Glyph(
        text, g.x(), g.baseline(), g.width(), g.size(), g.bold(), g.italic(), g.mono(), g.link());
  }

  /**
   * Builds a segment's plain and Markdown text: opens and closes links as they change, and bold and
   * italic around runs of emphasised words (closed before the space that ends them).
   */
  static final class SegmentText {
    private final Emphasis marks;
    private final StringBuilder plain = new StringBuilder();
    private final StringBuilder markdown = new StringBuilder();
    private final StringBuilder linkText = new StringBuilder();
    private String link;
    private boolean bold;
    private boolean italic;
    private int pendingSpaces;
    private boolean inMark; // inside a footnote mark, "[^12"

    private SegmentText(Emphasis marks) {
      this.marks = marks;
    }

    void space(int n) {
      pendingSpaces += n;
    }

    void add(Glyph g) {
      if (plain.length() > 0 && link == null && marks.footnoteMark(g)) {
        if (!inMark) {
          closeEmphasis();
          pendingSpaces = 0;
          markdown.append("[^");
          inMark = true;
        }
        markdown.append(g.text());
        return;
      }
      closeMark();
      boolean b = marks.bold() && g.bold() && hasLetters(g.text());
      boolean it = marks.italic() && g.italic() && hasLetters(g.text());
      if (!Objects.equals(link, g.link())) {
        closeEmphasis();
        closeLink();
        flushSpaces();
        link = g.link();
      } else {
        if (b != bold || it != italic) {
          closeEmphasis(); // before the space, so "**bold** word", not "**bold **word"
        }
        flushSpaces();
      }
      open(b, it);
      plain.append(g.text());
      target().append(Markdown.escape(g.text()));
    }

    private void closeMark() {
      if (inMark) {
        markdown.append(']');
        inMark = false;
      }
    }

    private static boolean hasLetters(String s) {
      return s.codePoints().anyMatch(Character::isLetterOrDigit);
    }

    private StringBuilder target() {
      return link != null ? linkText : markdown;
    }

    private void open(boolean b, boolean it) {
      if (b != bold || it != italic) {
        closeEmphasis();
        if (b) {
          target().append("**");
        }
        if (it) {
          target().append('*');
        }
        bold = b;
        italic = it;
      }
    }

    private void closeEmphasis() {
      if (italic) {
        target().append('*');
      }
      if (bold) {
        target().append("**");
      }
      bold = false;
      italic = false;
    }

    private void flushSpaces() {
      for (; pendingSpaces > 0; pendingSpaces--) {
        plain.append(' ');
        target().append(' ');
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
      closeMark();
      closeEmphasis();
      closeLink();
      pendingSpaces = 0;
      return new TextLine.Segment(left, right, plain.toString(), markdown.toString());
    }
  }
}
