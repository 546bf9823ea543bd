package io.ilios.local.internal;

/**
 * One piece of text placed on a page, in PDF points with the origin at the top left (y grows down):
 * a character from a PDF's text layer, or a word (a character, in code) read by OCR. Both sources
 * feed the same layout code.
 *
 * @param text the Unicode text (more than one char for ligatures and OCR words)
 * @param x left edge
 * @param baseline y of the baseline
 * @param width advance width (for OCR, the inked width)
 * @param size font size in points
 * @param bold whether the font is bold (for OCR: strokes clearly heavier than the page's)
 * @param italic whether the font is italic or oblique
 * @param mono whether the font is monospaced (for OCR: the letters sit on a fixed grid)
 * @param link the URI of a link annotation over the glyph, or null
 */
public record Glyph(
    String text,
    float x,
    float baseline,
    float width,
    float size,
    boolean bold,
    boolean italic,
    boolean mono,
    String link) {

  /** A glyph in upright, proportional or monospaced type, with no link. */
  public static Glyph of(
      String text, float x, float baseline, float width, float size, boolean bold, boolean mono) {
    return new Glyph(text, x, baseline, width, size, bold, false, mono, null);
  }

  public float right() {
    return x + width;
  }

  public boolean isSpace() {
    return text.isBlank();
  }

  public Glyph withLink(String uri) {
    return new Glyph(text, x, baseline, width, size, bold, italic, mono, uri);
  }
}
