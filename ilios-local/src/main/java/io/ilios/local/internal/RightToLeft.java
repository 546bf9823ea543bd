package io.ilios.local.internal;

import java.text.Bidi;
import java.util.List;

/**
 * Right-to-left text (Arabic, Hebrew, Persian) in logical order. A PDF draws glyphs left to right
 * on the page, so a line read by position comes out in visual order, words reversed; the Unicode
 * bidirectional algorithm's reordering undoes that, leaving numbers and Latin words inside
 * right-to-left text as they were.
 */
final class RightToLeft {
  private RightToLeft() {}

  /** Whether any glyph holds right-to-left letters. */
  static boolean present(List<Glyph> glyphs) {
    for (Glyph g : glyphs) {
      if (g.text().codePoints().anyMatch(RightToLeft::isRightToLeft)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the segments hold more right-to-left letters than left-to-right ones. */
  static boolean mostly(List<TextLine.Segment> segments) {
    int balance = 0;
    for (TextLine.Segment s : segments) {
      balance += balance(s.plain());
    }
    return balance > 0;
  }

  /** Right-to-left letters minus other letters. */
  private static int balance(String text) {
    int balance = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (isRightToLeft(cp)) {
        balance++;
      } else if (Character.isLetter(cp)) {
        balance--;
      }
      i += Character.charCount(cp);
    }
    return balance;
  }

  /** A segment of glyphs (visual order, {@code spaces} before each) as logical-order text. */
  static TextLine.Segment segment(List<Glyph> glyphs, List<Integer> spaces) {
    StringBuilder visual = new StringBuilder();
    for (int i = 0; i < glyphs.size(); i++) {
      String text = glyphs.get(i).text();
      // A glyph of several letters (a ligature such as lam-alef) holds them in logical order;
      // reversed here, the reordering below puts them back.
      visual.append(" ".repeat(spaces.get(i))).append(text.length() > 1 ? reverse(text) : text);
    }
    String logical = logical(visual.toString());
    return new TextLine.Segment(
        glyphs.get(0).x(),
        glyphs.get(glyphs.size() - 1).right(),
        logical,
        Markdown.escape(logical));
  }

  /**
   * The logical order of a line written in visual order. Reordering by the bidi levels is its own
   * inverse: runs are put back in order and the characters of right-to-left runs reversed.
   */
  static String logical(String visual) {
    Bidi bidi =
        new Bidi(
            visual,
            balance(visual) >= 0 ? Bidi.DIRECTION_RIGHT_TO_LEFT : Bidi.DIRECTION_LEFT_TO_RIGHT);
    int runs = bidi.getRunCount();
    byte[] levels = new byte[runs];
    String[] texts = new String[runs];
    for (int i = 0; i < runs; i++) {
      levels[i] = (byte) bidi.getRunLevel(i);
      String run = visual.substring(bidi.getRunStart(i), bidi.getRunLimit(i));
      texts[i] = (levels[i] & 1) == 1 ? reverse(run) : run;
    }
    Bidi.reorderVisually(levels, 0, texts, 0, runs);
    return String.join("", texts).strip();
  }

  private static String reverse(String s) {
    return new StringBuilder(s).reverse().toString(); // keeps surrogate pairs together
  }

  private static boolean isRightToLeft(int cp) {
    byte d = Character.getDirectionality(cp);
    return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT
        || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
  }
}
