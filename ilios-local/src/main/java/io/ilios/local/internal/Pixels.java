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

/** Page images in Leptonica: from Java's rendering, and straightened before OCR. */
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
   * Finds the ruling lines of a grey page (long thin runs of ink, across or down) and paints them
   * white, so that Tesseract reads the text between them rather than taking borders for letters.
   *
   * @return the rules, in pixels
   */
  static List<Rule> eraseRules(PIX gray, int dpi) {
    int w = gray.w();
    int h = gray.h();
    PIX binary = leptonica.pixThresholdToBinary(gray, INK);
    if (binary == null) {
      return List.of();
    }
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
      leptonica.pixDestroy(binary);
    }
  }

  /**
   * Paints white the dark bands along the image's edges (the shadow of a scanner's lid, a copier's
   * border, the gutter of a book), which Tesseract reads as strings of letters: from each edge
   * inwards, every row or column that is mostly dark, and the ragged edge after it, up to the first
   * that is nine tenths paper, at most a tenth of the page.
   */
  static void eraseBorders(PIX gray) {
    PIX binary = leptonica.pixThresholdToBinary(gray, INK);
    if (binary == null) {
      return;
    }
    try {
      int w = binary.w();
      int h = binary.h();
      int wpl = binary.wpl();
      int[] data = new int[Math.multiplyExact(wpl, h)];
      binary.data().get(data);
      int[] columnInk = new int[w];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          columnInk[x] += ink(data, wpl, x, y);
        }
      }
      int left = band(columnInk, h, false);
      int right = band(columnInk, h, true);
      // Rows are measured between the side bands, so that those do not darken every row.
      int[] rowInk = new int[h];
      for (int y = 0; y < h; y++) {
        for (int x = left; x < w - right; x++) {
          rowInk[y] += ink(data, wpl, x, y);
        }
      }
      int inner = Math.max(1, w - left - right);
      int top = band(rowInk, inner, false);
      int bottom = band(rowInk, inner, true);
      paintWhite(gray, 0, 0, left, h);
      paintWhite(gray, w - right, 0, right, h);
      paintWhite(gray, 0, 0, w, top);
      paintWhite(gray, 0, h - bottom, w, bottom);
    } finally {
      leptonica.pixDestroy(binary);
    }
  }

  private static int ink(int[] data, int wpl, int x, int y) {
    return (data[y * wpl + (x >>> 5)] >>> (31 - (x & 31))) & 1;
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

  private static void paintWhite(PIX gray, int x, int y, int width, int height) {
    if (width > 0 && height > 0) {
      BOX box = leptonica.boxCreate(x, y, width, height);
      leptonica.pixSetInRectArbitrary(gray, box, 255);
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
