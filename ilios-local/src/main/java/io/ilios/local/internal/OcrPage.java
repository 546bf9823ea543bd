package io.ilios.local.internal;

import java.util.List;

/**
 * What OCR read on one page, as the layout code takes it: words placed on the page in points
 * (origin top left), with their size and weight, like a text layer's glyphs.
 *
 * @param glyphs the words (characters, on a monospaced line), in no particular order
 * @param rules the ruling lines found in the image (table borders), erased before recognition
 * @param width page width in points
 * @param height page height in points
 * @param confidence Tesseract's mean word confidence, 0–100
 */
public record OcrPage(
    List<Glyph> glyphs, List<Rule> rules, float width, float height, int confidence) {

  /** A page with nothing on it. */
  static OcrPage empty(float width, float height) {
    return new OcrPage(List.of(), List.of(), width, height, 0);
  }
}
