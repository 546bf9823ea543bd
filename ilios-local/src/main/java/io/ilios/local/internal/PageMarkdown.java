package io.ilios.local.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes one page's lines, already in reading order, as Markdown blocks: headings, paragraphs
 * (lines joined, hyphenation mended), nested lists, tables, code blocks.
 */
final class PageMarkdown {
  /** A bullet or a number/letter followed by "." or ")", then the item's text. */
  static final Pattern LIST_MARKER =
      Pattern.compile(
          "^(?:([•◦▪▫●○■□‣∙·\\-–—*+])|(\\d{1,3})[.)]|([a-zA-Z])[.)]|\\(([0-9a-zA-Z]{1,4})\\))\\s+(.*)$");

  /** A footnote's first line: its number, then its text. */
  private static final Pattern FOOTNOTE = Pattern.compile("^(\\d{1,3})\\s*(\\S.*)$");

  /** An unescaped run of asterisks: bold or italic marks. */
  private static final Pattern EMPHASIS_MARK = Pattern.compile("(?<!\\\\)\\*+");

  /** A vertical gap larger than this many line spacings starts a new block. */
  static final float BLOCK_GAP = 1.45f;

  private enum Kind {
    TEXT,
    HEADING,
    LIST,
    CODE,
    TABLE
  }

  /** One open level of a list: where its markers stand and how far its lines are indented. */
  private record Level(float markerX, int indent, int contentIndent) {}

  private final DocumentStyle style;
  private final StringBuilder out = new StringBuilder();
  private final Deque<Level> lists = new ArrayDeque<>();
  private StringBuilder block; // the block being built, written out by endBlock()
  private Kind blockKind;
  private Kind writtenKind; // the kind of the last block written out
  private String writtenItemType; // "-" or "1." of the last list item written, at its indent
  private TextLine previous;
  private Kind previousKind;
  private float spacing;
  private float itemTextLeft;
  private float codeLeft;
  private int headingLevel; // of the heading block being built
  private float textRight; // the right edge of the paragraph being built
  private float textBottom = Float.MAX_VALUE; // the last body text line's baseline
  private List<TextLine> paragraph = new ArrayList<>(); // the lines of the paragraph being built
  private final List<Paragraph> paragraphs = new ArrayList<>(); // those written out

  /** A quote is set in by at least this many font sizes from the text around it. */
  static final float QUOTE_INDENT = 1.5f;

  private float footZone = Float.MAX_VALUE; // footnotes from this baseline down

  PageMarkdown(DocumentStyle style) {
    this.style = style;
  }

  String write(List<TextLine> lines) {
    spacing = lineSpacing(lines);
    textBottom = textBottom(lines);
    footZone = footZone(lines);
    boolean[] tableRow = Tables.rows(lines);
    for (int i = 0; i < lines.size(); ) {
      int ruled = lines.get(i).table();
      if (tableRow[i] || ruled != 0) {
        int end = i + 1;
        while (end < lines.size()
            && (ruled != 0
                ? lines.get(end).table() == ruled
                : tableRow[end] && Tables.aligned(lines.get(end - 1), lines.get(end)))) {
          end++;
        }
        StringBuilder table = new StringBuilder();
        Tables.write(lines.subList(i, end), table);
        open(Kind.TABLE, table);
        lists.clear();
        previous = lines.get(end - 1);
        previousKind = Kind.TABLE;
        i = end;
        continue;
      }
      add(lines.get(i), i + 1 < lines.size() ? lines.get(i + 1) : null);
      i++;
    }
    endBlock();
    markQuotes();
    return out.toString().strip();
  }

  /** A paragraph written out: where it starts in the output, and its lines. */
  private record Paragraph(int at, List<TextLine> lines) {
    float left() {
      float left = Float.MAX_VALUE;
      for (TextLine l : lines) {
        left = Math.min(left, l.left());
      }
      return left;
    }

    /** The right edge of its full lines (all but the last, which may be short). */
    float right() {
      float right = -Float.MAX_VALUE;
      for (int i = 0; i < Math.max(1, lines.size() - 1); i++) {
        right = Math.max(right, lines.get(i).right());
      }
      return right;
    }

    boolean italic() {
      return lines.stream().allMatch(TextLine::italic);
    }
  }

  /**
   * Marks as quotes ({@code > }) the paragraphs set in from the paragraphs around them: on both
   * sides when they run over several lines, or in italic when they are one line.
   */
  private void markQuotes() {
    for (int i = paragraphs.size() - 1; i >= 0; i--) {
      Paragraph p = paragraphs.get(i);
      Paragraph before = i > 0 ? paragraphs.get(i - 1) : null;
      Paragraph after = i + 1 < paragraphs.size() ? paragraphs.get(i + 1) : null;
      if ((before == null && after == null) || !setIn(p, before) || !setIn(p, after)) {
        continue;
      }
      out.insert(p.at(), "> ");
    }
  }

  /** Whether {@code p} is set in from {@code other} like a quote (true when there is no other). */
  private static boolean setIn(Paragraph p, Paragraph other) {
    if (other == null) {
      return true;
    }
    float indent = QUOTE_INDENT * p.lines().get(0).size();
    boolean left = p.left() >= other.left() + indent;
    boolean right = p.lines().size() > 1 ? p.right() <= other.right() - indent : p.italic();
    return left && right && other.lines().size() > 1;
  }

  private void add(TextLine line, TextLine next) {
    String plain = line.plain().strip();
    Matcher note = FOOTNOTE.matcher(plain);
    if (isFootnoteLine(line) && note.matches()) {
      lists.clear();
      String rest = line.markdown().strip().substring(note.group(1).length()).strip();
      open(Kind.TEXT, new StringBuilder("[^" + note.group(1) + "]: ").append(rest));
      textRight = line.right();
      previous = line;
      previousKind = Kind.TEXT;
      return;
    }
    Matcher marker = LIST_MARKER.matcher(plain);
    int level = line.mono() ? 0 : style.headingLevel(line);
    Kind kind;
    if (line.mono()) {
      kind = Kind.CODE;
    } else if (level > 0) {
      kind = Kind.HEADING;
    } else if (marker.matches()) {
      kind = Kind.LIST;
    } else {
      kind = Kind.TEXT;
    }
    boolean gap = previous != null && line.baseline() - previous.baseline() > BLOCK_GAP * spacing;
    if (kind == Kind.TEXT && (previous == null || gap) && standsAlone(line, next)) {
      level = style.isolatedHeadingLevel(line);
      kind = level > 0 ? Kind.HEADING : Kind.TEXT;
    }
    switch (kind) {
      case CODE -> addCode(line, gap);
      case HEADING -> addHeading(line, level);
      case LIST -> addListItem(line, marker);
      default -> addText(line, gap);
    }
    previous = line;
    previousKind = kind;
  }

  /**
   * Whether the text after the line is not its continuation: nothing, a gap, the next column, or a
   * line in smaller type.
   */
  private boolean standsAlone(TextLine line, TextLine next) {
    return next == null
        || next.baseline() - line.baseline() > BLOCK_GAP * spacing
        || next.baseline() < line.baseline()
        || next.size() < 0.96f * line.size();
  }

  /** A heading's Markdown: its type already sets it apart, so emphasis inside is dropped. */
  private static String headingText(TextLine line) {
    return EMPHASIS_MARK.matcher(line.markdown().strip()).replaceAll("");
  }

  /**
   * A line of a footnote: below the body text in smaller type, or in the page's foot zone (after a
   * wide gap, in the lower third, where the first line starts with a number).
   */
  private boolean isFootnoteLine(TextLine line) {
    boolean small = line.baseline() > textBottom && line.size() <= 0.9f * style.bodySize();
    return !line.mono() && !line.bold() && (small || line.baseline() >= footZone);
  }

  /** The baseline of the page's last line of body text (footnotes sit below it), if any. */
  private float textBottom(List<TextLine> lines) {
    float bottom = -Float.MAX_VALUE;
    for (TextLine l : lines) {
      if (Math.abs(l.size() - style.bodySize()) < 0.5f && !l.mono() && l.table() == 0) {
        bottom = Math.max(bottom, l.baseline());
      }
    }
    return bottom == -Float.MAX_VALUE ? Float.MAX_VALUE : bottom;
  }

  /** Where the page's foot zone starts (a baseline), or beyond the page when it has none. */
  private float footZone(List<TextLine> lines) {
    if (lines.size() < 3) {
      return Float.MAX_VALUE;
    }
    float top = lines.get(0).baseline();
    float bottom = top;
    for (TextLine l : lines) {
      bottom = Math.max(bottom, l.baseline());
    }
    for (int i = 1; i < lines.size(); i++) {
      TextLine l = lines.get(i);
      boolean lower = l.baseline() > top + 0.65f * (bottom - top);
      boolean apart = l.baseline() - lines.get(i - 1).baseline() > 3 * spacing;
      if (lower
          && apart
          && l.size() <= style.bodySize() + 0.5f
          && FOOTNOTE.matcher(l.plain().strip()).matches()) {
        return l.baseline();
      }
    }
    return Float.MAX_VALUE;
  }

  /** Writes out the open block and opens {@code next}. */
  private void open(Kind kind, StringBuilder next) {
    endBlock();
    block = next;
    blockKind = kind;
    paragraph = new ArrayList<>();
  }

  private void addHeading(TextLine line, int level) {
    boolean sameHeading =
        blockKind == Kind.HEADING
            && previousKind == Kind.HEADING
            && level == headingLevel
            && Math.abs(line.size() - previous.size()) < 0.1f * line.size();
    if (sameHeading && line.baseline() - previous.baseline() < 1.6f * line.size()) {
      block.append(' ').append(headingText(line)); // a heading over two lines
      return;
    }
    headingLevel = level;
    lists.clear();
    open(Kind.HEADING, new StringBuilder("#".repeat(level)).append(' ').append(headingText(line)));
  }

  private void addCode(TextLine line, boolean gap) {
    if (blockKind != Kind.CODE) {
      lists.clear();
      open(Kind.CODE, new StringBuilder("```\n"));
      codeLeft = line.left();
    } else if (gap) {
      block.append('\n');
    }
    float charWidth = Math.max(1f, 0.6f * line.size());
    int indent = Math.max(0, Math.round((line.left() - codeLeft) / charWidth));
    // Code fonts such as TeX's map the straight quote to a curly one: code has straight quotes.
    String code = line.plain().replace('’', '\'').replace('‘', '\'');
    block.append(" ".repeat(indent)).append(code).append('\n');
  }

  private void addListItem(TextLine line, Matcher marker) {
    float x = line.left();
    while (!lists.isEmpty() && lists.peek().markerX() > x + 3) {
      lists.pop(); // back out of deeper levels
    }
    int indent;
    if (!lists.isEmpty() && Math.abs(lists.peek().markerX() - x) <= 3) {
      indent = lists.pop().indent(); // a sibling
    } else {
      indent = lists.isEmpty() ? 0 : lists.peek().contentIndent(); // a child, or a new list
    }
    String text = stripMarker(line.markdown().strip());
    String prefix = "- ";
    if (marker.group(2) != null) {
      prefix = marker.group(2) + ". ";
    } else if (marker.group(3) != null || marker.group(4) != null) {
      String label = marker.group(3) != null ? marker.group(3) + ")" : "(" + marker.group(4) + ")";
      text = Markdown.escape(label) + " " + text; // Markdown numbers lists only with digits
    }
    lists.push(new Level(x, indent, indent + prefix.length()));
    open(Kind.LIST, new StringBuilder(" ".repeat(indent)).append(prefix).append(text));
    itemTextLeft = textLeftAfterMarker(line);
  }

  private void addText(TextLine line, boolean gap) {
    String md = line.markdown().strip();
    boolean underItem = line.left() >= itemTextLeft - 3;
    if (blockKind == Kind.LIST && previousKind != Kind.TABLE && !gap && underItem) {
      join(md); // the item goes on
      return;
    }
    if (blockKind == Kind.TEXT && !gap && !endsParagraph(previous, line, textRight)) {
      join(md);
      textRight = Math.max(textRight, line.right());
      paragraph.add(line);
      return;
    }
    if (blockKind != Kind.LIST || gap || !underItem) {
      lists.clear();
    }
    open(Kind.TEXT, new StringBuilder(Markdown.protectLineStart(md)));
    textRight = line.right();
    paragraph.add(line);
  }

  /** Removes the list marker from the start of the item's Markdown text. */
  private static String stripMarker(String markdown) {
    Matcher m = LIST_MARKER.matcher(Markdown.unescape(markdown));
    if (!m.matches()) {
      return markdown;
    }
    String rest = m.group(5);
    int at = markdown.lastIndexOf(Markdown.escape(rest));
    return at >= 0 ? markdown.substring(at) : Markdown.escape(rest);
  }

  /** Where the item's text starts: after a separate bullet segment, or near the line's start. */
  private static float textLeftAfterMarker(TextLine line) {
    List<TextLine.Segment> segs = line.segments();
    if (segs.size() > 1 && LIST_MARKER.matcher(segs.get(0).plain() + " x").matches()) {
      return segs.get(1).left();
    }
    return line.left() + line.size();
  }

  /** A short line ending a sentence, or a first-line indent below, ends a paragraph. */
  private static boolean endsParagraph(TextLine prev, TextLine line, float right) {
    String text = prev.plain().strip();
    float full = Math.max(right, line.right()); // the paragraph's right edge, as far as known
    boolean shortLine = prev.right() < full - 0.2f * (full - line.left());
    boolean sentence =
        text.endsWith(".") || text.endsWith(":") || text.endsWith("!") || text.endsWith("?");
    boolean indented = line.left() > prev.left() + 0.8f * line.size();
    float sizeStep = Math.max(0.75f, 0.1f * Math.min(line.size(), prev.size()));
    return (shortLine && sentence) || indented || Math.abs(line.size() - prev.size()) > sizeStep;
  }

  /** Appends a line to the open block, mending a word hyphenated across the break. */
  private void join(String md) {
    int n = block.length();
    boolean hyphen =
        n >= 2
            && block.charAt(n - 1) == '-'
            && Character.isLetter(block.charAt(n - 2))
            && !md.isEmpty()
            && Character.isLowerCase(md.charAt(0));
    if (hyphen) {
      block.setLength(n - 1);
      block.append(md);
      return;
    }
    for (String mark : new String[] {"***", "**", "*"}) {
      // Emphasis running on over the line break is one span, not two.
      if (endsWithMark(block, mark) && md.startsWith(mark) && !md.startsWith(mark + "*")) {
        block.setLength(n - mark.length());
        block.append(' ').append(md.substring(mark.length()));
        return;
      }
    }
    block.append(' ').append(md);
  }

  /** Whether the text ends with the emphasis mark, unescaped and not part of a longer one. */
  private static boolean endsWithMark(StringBuilder text, String mark) {
    int start = text.length() - mark.length();
    return start > 0
        && text.substring(start).equals(mark)
        && text.charAt(start - 1) != '*'
        && text.charAt(start - 1) != '\\';
  }

  private void endBlock() {
    if (block == null) {
      return;
    }
    if (blockKind == Kind.CODE) {
      block.append("```");
    }
    String itemType = blockKind == Kind.LIST ? itemType(block) : null;
    if (out.length() > 0) {
      // Items of one list follow each other without a blank line; a new kind of list does not.
      boolean sameList =
          blockKind == Kind.LIST
              && writtenKind == Kind.LIST
              && (itemType.startsWith(" ") || itemType.equals(writtenItemType));
      out.append(sameList ? "\n" : "\n\n");
    }
    if (blockKind == Kind.TEXT && !paragraph.isEmpty() && block.charAt(0) != '[') {
      paragraphs.add(new Paragraph(out.length(), List.copyOf(paragraph)));
    }
    out.append(block);
    writtenKind = blockKind;
    writtenItemType = itemType == null || itemType.startsWith(" ") ? writtenItemType : itemType;
    block = null;
    blockKind = null;
  }

  /** "-" or "1." for a top-level item, or the item's indentation for a nested one. */
  private static String itemType(CharSequence item) {
    if (item.length() > 0 && item.charAt(0) == ' ') {
      return " ";
    }
    return item.charAt(0) == '-' ? "-" : "1.";
  }

  /** The usual distance between baselines of body text on this page. */
  private float lineSpacing(List<TextLine> lines) {
    List<Float> gaps = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      float d = lines.get(i).baseline() - lines.get(i - 1).baseline();
      if (d > 0 && Math.abs(lines.get(i).size() - style.bodySize()) < 0.75f) {
        gaps.add(d);
      }
    }
    if (gaps.isEmpty()) {
      return 1.2f * style.bodySize();
    }
    gaps.sort(null);
    // The lower quartile: lines inside paragraphs, even where short paragraphs make the gaps
    // between them nearly as many.
    return Math.max(style.bodySize(), gaps.get(gaps.size() / 4));
  }
}
