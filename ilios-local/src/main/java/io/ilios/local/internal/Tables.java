package io.ilios.local.internal;

import java.util.List;

/**
 * Tables found by column alignment: consecutive lines with the same number (two or more) of
 * segments whose columns line up. Tables drawn with ruling lines are found by {@link RuledTables}.
 */
final class Tables {
  /** Two-column rows must be this short (words per cell) to be a table rather than prose. */
  static final int MAX_WORDS_TWO_COLUMNS = 6;

  private Tables() {}

  /** Which lines are rows of a table of at least two rows. */
  static boolean[] rows(List<TextLine> lines) {
    boolean[] row = new boolean[lines.size()];
    int i = 0;
    while (i < lines.size()) {
      int end = i + 1;
      if (candidate(lines.get(i))) {
        while (end < lines.size()
            && candidate(lines.get(end))
            && aligned(lines.get(end - 1), lines.get(end))) {
          end++;
        }
      }
      if (end - i >= 2) {
        for (int k = i; k < end; k++) {
          row[k] = true;
        }
      }
      i = end;
    }
    return row;
  }

  private static boolean candidate(TextLine line) {
    List<TextLine.Segment> segs = line.segments();
    if (segs.size() < 2 || line.mono() || line.table() != 0) {
      return false;
    }
    // A bullet set apart from its text is a list item, not a row.
    if (PageMarkdown.LIST_MARKER.matcher(segs.get(0).plain() + " x").matches()) {
      return false;
    }
    if (segs.size() == 2) {
      for (TextLine.Segment s : segs) {
        if (s.plain().strip().split("\\s+").length > MAX_WORDS_TWO_COLUMNS) {
          return false;
        }
      }
    }
    return true;
  }

  /** Same number of cells, and each cell overlaps or lines up with the one above it. */
  static boolean aligned(TextLine above, TextLine below) {
    List<TextLine.Segment> a = above.segments();
    List<TextLine.Segment> b = below.segments();
    if (a.size() != b.size()) {
      return false;
    }
    for (int k = 0; k < a.size(); k++) {
      TextLine.Segment x = a.get(k);
      TextLine.Segment y = b.get(k);
      boolean overlap = x.left() < y.right() && y.left() < x.right();
      boolean edge = Math.abs(x.left() - y.left()) < 4 || Math.abs(x.right() - y.right()) < 4;
      if (!overlap && !edge) {
        return false;
      }
    }
    return true;
  }

  /** A Markdown table; the first row is the header. */
  static void write(List<TextLine> rows, StringBuilder out) {
    List<TextLine.Segment> all = new java.util.ArrayList<>();
    rows.forEach(row -> all.addAll(row.segments()));
    boolean rightToLeft = RightToLeft.mostly(all);
    for (int r = 0; r < rows.size(); r++) {
      out.append('|');
      List<TextLine.Segment> cells = new java.util.ArrayList<>(rows.get(r).segments());
      if (rightToLeft) {
        java.util.Collections.reverse(cells); // the first column is the rightmost
      }
      for (TextLine.Segment s : cells) {
        out.append(' ').append(s.markdown().strip()).append(" |");
      }
      out.append('\n');
      if (r == 0) {
        out.append('|');
        out.append(" --- |".repeat(rows.get(0).segments().size()));
        out.append('\n');
      }
    }
    out.setLength(out.length() - 1);
  }
}
