package io.ilios.local.internal;

import java.util.List;

/**
 * One line of text (or the part of a line in one column): segments separated by wide gaps, in
 * reading order.
 *
 * @param segments runs of words, left to right; a wide gap (table cells, columns) separates them
 * @param baseline y of the baseline, from the top of the page
 * @param size the dominant font size
 * @param bold whether (nearly) all its letters are bold
 * @param italic whether (nearly) all its letters are italic
 * @param mono whether (nearly) all its letters are monospaced
 * @param table for a row of a ruled table, the table's number on its page (from 1); else 0
 */
record TextLine(
    List<Segment> segments,
    float baseline,
    float size,
    boolean bold,
    boolean italic,
    boolean mono,
    int table) {

  /**
   * A run of words.
   *
   * @param left left edge
   * @param right right edge
   * @param plain the text as read
   * @param markdown the text escaped for Markdown, links written as {@code [text](uri)}
   */
  record Segment(float left, float right, String plain, String markdown) {}

  float left() {
    return segments.get(0).left();
  }

  float right() {
    return segments.get(segments.size() - 1).right();
  }

  /** The text as read, segments joined by a space. */
  String plain() {
    StringBuilder sb = new StringBuilder();
    for (Segment s : inReadingOrder()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(s.plain());
    }
    return sb.toString();
  }

  /** The Markdown text, segments joined by a space. */
  String markdown() {
    StringBuilder sb = new StringBuilder();
    for (Segment s : inReadingOrder()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(s.markdown());
    }
    return sb.toString();
  }

  /** The segments as they are read: right to left on a line of mostly right-to-left text. */
  List<Segment> inReadingOrder() {
    if (segments.size() < 2 || !RightToLeft.mostly(segments)) {
      return segments;
    }
    List<Segment> reversed = new java.util.ArrayList<>(segments);
    java.util.Collections.reverse(reversed);
    return reversed;
  }

  /** This line with only the given segments (a column's part). */
  TextLine withSegments(List<Segment> part) {
    return new TextLine(List.copyOf(part), baseline, size, bold, italic, mono, table);
  }
}
