package io.ilios.local.internal;

import io.ilios.OcrException;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.leptonica.BOX;
import org.bytedeco.leptonica.BOXA;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;

/** Page images in Leptonica: from Java's rendering, straightened and cleaned up before OCR. */
final class Pixels {
  private Pixels() {}

  /** A grey Java image as an 8-bit Leptonica image of the given resolution; the caller frees it. */
  static PIX of(BufferedImage gray, int dpi, String backend) {
    int w = gray.getWidth();
    int h = gray.getHeight();
    PIX pix = leptonica.pixCreate(w, h, 8);
    if (pix == null) {
      throw new OcrException(backend, "no memory for a " + w + " x " + h + " page", true);
    }
    leptonica.pixSetResolution(pix, dpi, dpi);
    byte[] bytes = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
    int stride = ((ComponentSampleModel) gray.getSampleModel()).getScanlineStride();
    int wpl = pix.wpl();
    int[] row = new int[wpl];
    IntPointer data = pix.data();
    for (int y = 0; y < h; y++) {
      int base = y * stride;
      for (int k = 0; k < wpl; k++) {
        int word = 0;
        for (int j = 0; j < 4; j++) {
          int x = 4 * k + j;
          int v = x < w ? bytes[base + x] & 0xff : 0xff;
          word |= v << (24 - 8 * j); // Leptonica keeps the leftmost pixel in the high byte
        }
        row[k] = word;
      }
      data.position((long) y * wpl).put(row, 0, wpl);
    }
    data.position(0);
    return pix;
  }

  /**
   * The image straightened when its text lines are skewed (Leptonica measures the angle on a
   * binarised copy); {@code pix} itself when it is straight or the angle is unsure.
   */
  static PIX deskew(PIX pix) {
    PIX straight = leptonica.pixDeskew(pix, 0);
    return straight == null ? pix : straight;
  }

  /**
   * A page made ready for OCR: a grey copy with the dark bands along its edges and its ruling lines
   * painted white, and those rules (in pixels), which the layout uses for tables. Frees the copy on
   * close.
   */
  record Cleaned(PIX gray, List<Rule> rules) implements AutoCloseable {
    @Override
    public void close() {
      leptonica.pixDestroy(gray);
    }
  }

  /**
   * Cleans a straightened page up for OCR, from one binarised copy: first the dark bands along the
   * edges (a scanner lid's shadow, a copier's border, a book's gutter), which Tesseract reads as
   * strings of letters; then the ruling lines (long thin runs of ink, across or down), so that
   * Tesseract reads the text between them rather than taking borders for letters.
   */
  static Cleaned clean(PIX straight, int dpi, String backend) {
    PIX gray = leptonica.pixConvertTo8(straight, 0); // a copy, painted on below
    if (gray == null) {
      throw new OcrException(backend, "the image could not be converted to grey", false);
    }
    PIX binary = leptonica.pixThresholdToBinary(gray, INK);
    if (binary == null) {
      return new Cleaned(gray, List.of());
    }
    try {
      eraseBorders(gray, binary);
      return new Cleaned(gray, eraseRules(gray, binary, dpi));
    } finally {
      leptonica.pixDestroy(binary);
    }
  }

  /**
   * Paints white (in the grey image; clears in the binary one) every row or column from each edge
   * inwards that is mostly ink, and the ragged edge after it, up to the first that is nine tenths
   * paper, at most a tenth of the page.
   */
  private static void eraseBorders(PIX gray, PIX binary) {
    Bitmap bitmap = Bitmap.of(binary);
    int w = bitmap.width();
    int h = bitmap.height();
    int[] columnInk = bitmap.columnInk();
    int left = band(columnInk, h, false);
    int right = band(columnInk, h, true);
    // Rows are measured between the side bands, so that those do not darken every row.
    int[] rowInk = bitmap.rowInk(left, w - right);
    int inner = Math.max(1, w - left - right);
    int top = band(rowInk, inner, false);
    int bottom = band(rowInk, inner, true);
    int[][] bands = {
      {0, 0, left, h}, {w - right, 0, right, h}, {0, 0, w, top}, {0, h - bottom, w, bottom}
    };
    for (int[] b : bands) {
      paint(gray, b, 255);
      paint(binary, b, 0);
    }
  }

  /** Finds the ruling lines in the binary image and paints them white in the grey one. */
  private static List<Rule> eraseRules(PIX gray, PIX binary, int dpi) {
    int w = gray.w();
    int h = gray.h();
    // Longer than any stroke of a letter: half an inch across, a third of an inch down.
    PIX across = leptonica.pixOpenBrick(null, binary, Math.max(dpi / 2, w / 20), 1);
    PIX down = leptonica.pixOpenBrick(null, binary, 1, Math.max(dpi / 3, h / 40));
    try {
      List<Rule> rules = new ArrayList<>();
      addRules(across, true, rules);
      addRules(down, false, rules);
      if (!rules.isEmpty()) {
        PIX lines = leptonica.pixOr(null, across, down);
        PIX wider = leptonica.pixDilateBrick(null, lines, 5, 5); // with their grey edges
        leptonica.pixPaintThroughMask(gray, wider, 0, 0, 255);
        leptonica.pixDestroy(wider);
        leptonica.pixDestroy(lines);
      }
      return rules;
    } finally {
      leptonica.pixDestroy(down);
      leptonica.pixDestroy(across);
    }
  }

  /** How deep the dark band along one edge is: 0 when the edge is not dark. */
  private static int band(int[] ink, int length, boolean fromEnd) {
    int n = ink.length;
    int depth = 0;
    boolean dark = false;
    for (int i = 0; i < n / 10; i++) {
      int share = 100 * ink[fromEnd ? n - 1 - i : i] / Math.max(1, length);
      if (share >= 50) {
        dark = true;
        depth = i + 1;
      } else if (share <= 10) {
        break; // mostly paper: the band, if any, ends here
      } else if (dark) {
        depth = i + 1; // the ragged inner edge of a band
      }
    }
    return dark ? depth : 0;
  }

  /** Sets the rectangle {x, y, width, height} of the image to {@code value}. */
  private static void paint(PIX pix, int[] rect, int value) {
    if (rect[2] > 0 && rect[3] > 0) {
      BOX box = leptonica.boxCreate(rect[0], rect[1], rect[2], rect[3]);
      leptonica.pixSetInRectArbitrary(pix, box, value);
      leptonica.boxDestroy(box);
    }
  }

  /** Pixels darker than this are ink when looking for rules. */
  static final int INK = 160;

  /** Most rules taken from one page image. */
  static final int MAX_RULES = 5_000;

  private static void addRules(PIX lines, boolean horizontal, List<Rule> rules) {
    if (lines == null) {
      return;
    }
    BOXA boxes = leptonica.pixConnCompBB(lines, 8);
    if (boxes == null) {
      return;
    }
    try {
      int[] x = new int[1];
      int[] y = new int[1];
      int[] bw = new int[1];
      int[] bh = new int[1];
      int n = Math.min(leptonica.boxaGetCount(boxes), MAX_RULES);
      for (int i = 0; i < n; i++) {
        leptonica.boxaGetBoxGeometry(boxes, i, x, y, bw, bh);
        if (horizontal && bh[0] <= MAX_THICKNESS) {
          rules.add(new Rule(true, y[0] + bh[0] / 2f, x[0], x[0] + bw[0]));
        } else if (!horizontal && bw[0] <= MAX_THICKNESS) {
          rules.add(new Rule(false, x[0] + bw[0] / 2f, y[0], y[0] + bh[0]));
        }
      }
    } finally {
      leptonica.boxaDestroy(boxes);
    }
  }

  /** A rule is at most this thick, in pixels (a bar or a block of ink is no rule). */
  static final int MAX_THICKNESS = 12;
}
