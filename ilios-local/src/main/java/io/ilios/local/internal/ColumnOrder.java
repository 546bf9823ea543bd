package io.ilios.local.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts the lines of a two-column page in reading order: lines that span the gutter (titles,
 * full-width paragraphs) stay where they are; between them, the left column is read before the
 * right one.
 */
final class ColumnOrder {
  /** Most lines that may cross the gutter for the page to count as two columns. */
  static final float MAX_CROSSING = 0.3f;

  private ColumnOrder() {}

  static List<TextLine> order(List<TextLine> lines) {
    if (lines.size() < 6) {
      return lines;
    }
    float left = Float.MAX_VALUE;
    float right = -Float.MAX_VALUE;
    for (TextLine l : lines) {
      left = Math.min(left, l.left());
      right = Math.max(right, l.right());
    }
    float width = right - left;
    float gutter = Float.NaN;
    int bestCrossing = Integer.MAX_VALUE;
    for (float x = left + 0.3f * width; x <= left + 0.7f * width; x += 1f) {
      int crossing = 0;
      for (TextLine l : lines) {
        if (crosses(l, x)) {
          crossing++;
        }
      }
      if (crossing < bestCrossing) {
        bestCrossing = crossing;
        gutter = x;
      }
    }
    if (Float.isNaN(gutter) || bestCrossing > MAX_CROSSING * lines.size()) {
      return lines;
    }
    // Both sides must hold real text lines, not the short cells of a table.
    List<Float> leftWidths = new ArrayList<>();
    List<Float> rightWidths = new ArrayList<>();
    for (TextLine l : lines) {
      if (crosses(l, gutter)) {
        continue;
      }
      for (TextLine.Segment s : l.segments()) {
        (s.right() < gutter ? leftWidths : rightWidths).add(s.right() - s.left());
      }
    }
    if (leftWidths.size() < 3
        || rightWidths.size() < 3
        || median(leftWidths) < 0.25f * width
        || median(rightWidths) < 0.25f * width) {
      return lines;
    }
    List<TextLine> ordered = new ArrayList<>(lines.size());
    List<TextLine> leftColumn = new ArrayList<>();
    List<TextLine> rightColumn = new ArrayList<>();
    for (TextLine l : lines) {
      if (crosses(l, gutter)) {
        ordered.addAll(leftColumn);
        ordered.addAll(rightColumn);
        leftColumn.clear();
        rightColumn.clear();
        ordered.add(l);
        continue;
      }
      List<TextLine.Segment> lhs = new ArrayList<>();
      List<TextLine.Segment> rhs = new ArrayList<>();
      for (TextLine.Segment s : l.segments()) {
        (s.right() < gutter ? lhs : rhs).add(s);
      }
      if (!lhs.isEmpty()) {
        leftColumn.add(l.withSegments(lhs));
      }
      if (!rhs.isEmpty()) {
        rightColumn.add(l.withSegments(rhs));
      }
    }
    ordered.addAll(leftColumn);
    ordered.addAll(rightColumn);
    return ordered;
  }

  private static boolean crosses(TextLine line, float x) {
    if (line.table() != 0) {
      return line.left() < x && line.right() > x; // a ruled table's row is never split
    }
    for (TextLine.Segment s : line.segments()) {
      if (s.left() < x && s.right() > x) {
        return true;
      }
    }
    return false;
  }

  private static float median(List<Float> values) {
    List<Float> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
