package io.ilios.local.internal;

/**
 * One character placed on a page, in PDF points with the origin at the top left (y grows down).
 *
 * @param text the Unicode text of the glyph (may be more than one char for ligatures)
 * @param x left edge
 * @param baseline y of the baseline
 * @param width advance width
 * @param size font size in points
 * @param bold whether the font is bold
 * @param mono whether the font is monospaced
 * @param link the URI of a link annotation over the glyph, or null
 */
public record Glyph(
    String text,
    float x,
    float baseline,
    float width,
    float size,
    boolean bold,
    boolean mono,
    String link) {

  public float right() {
    return x + width;
  }

  public boolean isSpace() {
    return text.isBlank();
  }

  public Glyph withLink(String uri) {
    return new Glyph(text, x, baseline, width, size, bold, mono, uri);
  }
}
