package io.ilios.local.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Tables drawn with a grid of ruling lines, from a PDF's graphics or a scan's image: the vertical
 * rules give the columns, the horizontal ones the rows, and every glyph inside goes to its cell, so
 * cells of several lines stay one cell and a cell without the border beside it spans the next
 * column. What is not in a grid is left to the layout as it was.
 */
final class RuledTables {
  /** Rules closer than this (points) on the same line are one rule. */
  static final float SAME_LINE = 2f;

  /** Pages with more rules than this are drawings, not tables. */
  static final int MAX_RULES = 5_000;

  /** Most columns, rows and tables looked at on one page. */
  static final int MAX_COLUMNS = 64;

  static final int MAX_ROWS = 1_000;

  static final int MAX_TABLES = 20;

  /** A gap between columns of an unruled table is at least this many font sizes wide. */
  static final float COLUMN_GAP = 0.6f;

  /** Two horizontal rules of one table are at most this far apart (points). */
  static final float MAX_ROW_GAP = 300f;

  /** The rows of the grids found, one line per row, and the glyphs outside any grid. */
  record Result(List<TextLine> rows, List<Glyph> rest) {}

  private RuledTables() {}

  static Result find(List<Glyph> glyphs, List<Rule> rules) {
    if (rules.size() < 5 || rules.size() > MAX_RULES) {
      return new Result(List.of(), glyphs);
    }
    List<Rule> horizontal = merge(rules, true);
    List<Rule> vertical = merge(rules, false);
    List<TextLine> rows = new ArrayList<>();
    boolean[] taken = new boolean[glyphs.size()];
    int table = 0;
    for (List<Rule> group : overlapping(vertical)) {
      List<Float> xs = positions(group);
      if (xs.size() < 3 || xs.size() > MAX_COLUMNS + 1) {
        continue;
      }
      float top = Float.MAX_VALUE;
      float bottom = -Float.MAX_VALUE;
      for (Rule r : group) {
        top = Math.min(top, r.from());
        bottom = Math.max(bottom, r.to());
      }
      float left = xs.get(0);
      float right = xs.get(xs.size() - 1);
      List<Rule> across = new ArrayList<>();
      for (Rule h : horizontal) {
        boolean inside = h.at() >= top - SAME_LINE && h.at() <= bottom + SAME_LINE;
        float covered = Math.min(h.to(), right) - Math.max(h.from(), left);
        if (inside && covered >= 0.5f * (right - left)) {
          across.add(h);
        }
      }
      // A border lost in a scan: the rules across the table still show where its frame is.
      float frameLeft = left;
      float frameRight = right;
      for (Rule h : across) {
        frameLeft = Math.min(frameLeft, h.from());
        frameRight = Math.max(frameRight, h.to());
      }
      if (frameLeft < left - 3 * SAME_LINE) {
        xs.add(0, frameLeft);
      }
      if (frameRight > right + 3 * SAME_LINE) {
        xs.add(frameRight);
      }
      List<Float> ys = positions(across);
      addIfNew(ys, top);
      addIfNew(ys, bottom);
      ys.sort(null);
      if (ys.size() > MAX_ROWS + 1 || table == MAX_TABLES) {
        continue;
      }
      List<TextLine> grid = grid(glyphs, taken, xs, ys, group, ++table);
      if (grid.size() >= 2) {
        rows.addAll(grid);
      } else {
        table--;
      }
    }
    for (List<Rule> group : stacked(horizontal)) {
      if (table == MAX_TABLES) {
        break;
      }
      List<TextLine> open = open(glyphs, taken, group, ++table);
      if (open.size() >= 2) {
        rows.addAll(open);
      } else {
        table--;
      }
    }
    if (rows.isEmpty()) {
      return new Result(List.of(), glyphs);
    }
    List<Glyph> rest = new ArrayList<>();
    for (int i = 0; i < glyphs.size(); i++) {
      if (!taken[i]) {
        rest.add(glyphs.get(i));
      }
    }
    return new Result(rows, rest);
  }

  /** The rows of one grid; marks the glyphs it takes. */
  private static List<TextLine> grid(
      List<Glyph> glyphs,
      boolean[] taken,
      List<Float> xs,
      List<Float> ys,
      List<Rule> vertical,
      int table) {
    int columns = xs.size() - 1;
    int bands = ys.size() - 1;
    List<List<List<Glyph>>> cells = new ArrayList<>();
    for (int r = 0; r < bands; r++) {
      List<List<Glyph>> row = new ArrayList<>();
      for (int c = 0; c < columns; c++) {
        row.add(new ArrayList<>());
      }
      cells.add(row);
    }
    List<Integer> mine = new ArrayList<>();
    for (int i = 0; i < glyphs.size(); i++) {
      Glyph g = glyphs.get(i);
      float cx = g.x() + g.width() / 2;
      float cy = g.baseline() - 0.3f * g.size(); // the middle of lower-case letters
      int c = slot(xs, cx);
      int r = slot(ys, cy);
      if (c >= 0 && r >= 0 && !taken[i]) {
        cells.get(r).get(c).add(g);
        mine.add(i);
      }
    }
    List<TextLine> rows = new ArrayList<>();
    for (int r = 0; r < bands; r++) {
      float mid = (ys.get(r) + ys.get(r + 1)) / 2;
      List<TextLine.Segment> segments = new ArrayList<>();
      float baseline = Float.MAX_VALUE;
      float size = 0;
      boolean bold = true;
      boolean any = false;
      for (int c = 0; c < columns; ) {
        int span = 1; // a missing border joins the cell to its right neighbour
        while (c + span < columns && !ruled(vertical, xs.get(c + span), mid)) {
          span++;
        }
        List<Glyph> in = new ArrayList<>();
        for (int k = c; k < c + span; k++) {
          in.addAll(cells.get(r).get(k));
        }
        StringBuilder plain = new StringBuilder();
        StringBuilder markdown = new StringBuilder();
        for (TextLine line : Lines.of(in)) {
          if (plain.length() > 0) {
            plain.append(' ');
            markdown.append(' ');
          }
          plain.append(line.plain().strip());
          markdown.append(line.markdown().strip().replace("|", "\\|"));
          baseline = Math.min(baseline, line.baseline());
          size = Math.max(size, line.size());
          bold &= line.bold();
          any = true;
        }
        segments.add(
            new TextLine.Segment(
                xs.get(c), xs.get(c + span), plain.toString(), markdown.toString()));
        for (int k = 1; k < span; k++) { // spanned cells stay, empty, so columns line up
          segments.add(new TextLine.Segment(xs.get(c + k), xs.get(c + k), "", ""));
        }
        c += span;
      }
      if (any) {
        rows.add(new TextLine(segments, baseline, size, bold, false, false, table));
      }
    }
    if (rows.size() >= 2) {
      mine.forEach(i -> taken[i] = true);
    }
    return rows;
  }

  /**
   * The rows of a table drawn with horizontal rules only (booktabs style: above, below the header
   * and at the end): columns are where no glyph of any row is, rows start where the first column
   * has text (a line with the first cell empty continues the row above).
   */
  private static List<TextLine> open(
      List<Glyph> glyphs, boolean[] taken, List<Rule> group, int table) {
    float top = group.get(0).at();
    float bottom = group.get(group.size() - 1).at();
    float left = group.get(0).from();
    float right = group.get(0).to();
    List<Glyph> inside = new ArrayList<>();
    for (int i = 0; i < glyphs.size(); i++) {
      Glyph g = glyphs.get(i);
      float cy = g.baseline() - 0.3f * g.size();
      if (!taken[i]
          && !g.isSpace()
          && cy > top
          && cy < bottom
          && g.x() >= left - SAME_LINE
          && g.right() <= right + SAME_LINE) {
        inside.add(g);
      }
    }
    if (inside.size() < 4) {
      return List.of();
    }
    List<Float> xs = columns(inside, left, right);
    if (xs.size() < 3 || xs.size() > MAX_COLUMNS + 1) {
      return List.of();
    }
    List<TextLine> lines = Lines.of(inside);
    List<Float> ys = new ArrayList<>();
    ys.add(top);
    for (int i = 1; i < lines.size(); i++) {
      TextLine line = lines.get(i);
      boolean firstCellEmpty = line.left() > xs.get(1);
      boolean ruledApart = false;
      for (Rule h : group) {
        ruledApart |= h.at() > lines.get(i - 1).baseline() && h.at() < line.baseline();
      }
      if (!firstCellEmpty || ruledApart) {
        ys.add((lines.get(i - 1).baseline() + line.baseline() - line.size()) / 2);
      }
    }
    ys.add(bottom);
    List<Rule> borders = new ArrayList<>();
    for (float x : xs) {
      borders.add(new Rule(false, x, top, bottom));
    }
    return grid(glyphs, taken, xs, ys, borders, table);
  }

  /** Column borders: the left and right ends, and the middle of every gap no glyph covers. */
  private static List<Float> columns(List<Glyph> glyphs, float left, float right) {
    List<Glyph> byX = new ArrayList<>(glyphs);
    byX.sort(Comparator.comparingDouble(Glyph::x));
    List<Float> sizes = new ArrayList<>();
    for (Glyph g : glyphs) {
      sizes.add(g.size());
    }
    sizes.sort(null);
    float minGap = COLUMN_GAP * sizes.get(sizes.size() / 2);
    List<Float> xs = new ArrayList<>();
    xs.add(left);
    float reach = byX.get(0).right();
    for (Glyph g : byX) {
      if (g.x() - reach >= minGap) {
        xs.add((reach + g.x()) / 2);
      }
      reach = Math.max(reach, g.right());
    }
    xs.add(right);
    return xs;
  }

  /**
   * Horizontal rules stacked one above another with the same ends (within a few points): the rules
   * of one table.
   */
  private static List<List<Rule>> stacked(List<Rule> horizontal) {
    List<Rule> byY = new ArrayList<>(horizontal);
    byY.sort(Comparator.comparingDouble(Rule::at));
    List<List<Rule>> groups = new ArrayList<>();
    boolean[] used = new boolean[byY.size()];
    for (int i = 0; i < byY.size() && groups.size() < MAX_TABLES; i++) {
      if (used[i] || byY.get(i).length() < 4 * PageShapes.RULE_LENGTH) {
        continue;
      }
      List<Rule> group = new ArrayList<>(List.of(byY.get(i)));
      for (int j = i + 1; j < byY.size(); j++) {
        Rule a = group.get(group.size() - 1);
        Rule b = byY.get(j);
        if (b.at() - a.at() > MAX_ROW_GAP) {
          break;
        }
        if (!used[j] && Math.abs(a.from() - b.from()) < 3 && Math.abs(a.to() - b.to()) < 3) {
          group.add(b);
          used[j] = true;
        }
      }
      if (group.size() >= 2) {
        groups.add(group);
      }
    }
    return groups;
  }

  /** Whether a vertical rule at {@code x} crosses height {@code y}. */
  private static boolean ruled(List<Rule> vertical, float x, float y) {
    for (Rule v : vertical) {
      if (Math.abs(v.at() - x) <= SAME_LINE && v.from() <= y && v.to() >= y) {
        return true;
      }
    }
    return false;
  }

  /** The slot between two sorted positions that holds {@code v}, or -1 outside. */
  private static int slot(List<Float> bounds, float v) {
    if (v <= bounds.get(0) || v >= bounds.get(bounds.size() - 1)) {
      return -1;
    }
    int lo = 0;
    int hi = bounds.size() - 1; // bounds[lo] < v < bounds[hi]
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (bounds.get(mid) <= v) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Rules of one direction, pieces on one line that touch or overlap joined into one. */
  static List<Rule> merge(List<Rule> rules, boolean horizontal) {
    List<Rule> some = new ArrayList<>();
    for (Rule r : rules) {
      if (r.horizontal() == horizontal) {
        some.add(r);
      }
    }
    some.sort(Comparator.comparingDouble(Rule::at));
    List<Rule> out = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= some.size(); i++) {
      if (i == some.size() || some.get(i).at() - some.get(from).at() > SAME_LINE) {
        List<Rule> line = new ArrayList<>(some.subList(from, i)); // one line, in pieces
        line.sort(Comparator.comparingDouble(Rule::from));
        Rule joined = null;
        for (Rule r : line) {
          if (joined != null && r.from() <= joined.to() + SAME_LINE) {
            joined =
                new Rule(horizontal, joined.at(), joined.from(), Math.max(joined.to(), r.to()));
          } else {
            if (joined != null) {
              out.add(joined);
            }
            joined = r;
          }
        }
        out.add(joined);
        from = i;
      }
    }
    return out;
  }

  /** Vertical rules in groups whose extents overlap: the borders of one table. */
  private static List<List<Rule>> overlapping(List<Rule> vertical) {
    List<Rule> sorted = new ArrayList<>(vertical);
    sorted.sort(Comparator.comparingDouble(Rule::from));
    List<List<Rule>> groups = new ArrayList<>();
    float end = -Float.MAX_VALUE;
    for (Rule v : sorted) {
      if (v.length() < PageShapes.RULE_LENGTH) {
        continue;
      }
      if (groups.isEmpty() || v.from() > end + SAME_LINE) {
        groups.add(new ArrayList<>());
        end = v.to();
      }
      groups.get(groups.size() - 1).add(v);
      end = Math.max(end, v.to());
    }
    return groups;
  }

  /** The distinct positions of some rules, sorted, near ones joined. */
  private static List<Float> positions(List<Rule> rules) {
    List<Float> at = new ArrayList<>();
    for (Rule r : rules) {
      at.add(r.at());
    }
    at.sort(null);
    List<Float> out = new ArrayList<>();
    for (float v : at) {
      if (out.isEmpty() || v - out.get(out.size() - 1) > SAME_LINE) {
        out.add(v);
      }
    }
    return out;
  }

  private static void addIfNew(List<Float> values, float v) {
    for (float x : values) {
      if (Math.abs(x - v) <= SAME_LINE) {
        return;
      }
    }
    values.add(v);
  }
}
