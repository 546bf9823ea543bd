package io.ilios.local.internal;

import org.bytedeco.leptonica.PIX;

/**
 * A 1-bit image read into Java once (Leptonica's layout: 32-bit words, the leftmost pixel in the
 * high bit; 1 is ink), and the measures taken on it: ink counts, stroke thickness, slant.
 */
record Bitmap(int[] data, int wpl, int width, int height) {
  /** The image's pixels, or null when it is not 1 bit deep. */
  static Bitmap of(PIX binary) {
    if (binary.d() != 1) {
      return null;
    }
    int wpl = binary.wpl();
    int[] data = new int[Math.multiplyExact(wpl, binary.h())];
    binary.data().get(data);
    return new Bitmap(data, wpl, binary.w(), binary.h());
  }

  /** Whether the pixel is ink. */
  boolean at(int x, int y) {
    return ((data[y * wpl + (x >>> 5)] >>> (31 - (x & 31))) & 1) != 0;
  }

  /**
   * Whether the word's strokes lean right like italic type: sheared back by the usual italic slant
   * (about 12 degrees), its vertical strokes line up into sharper columns of ink than upright.
   */
  boolean slanted(int left, int top, int right, int bottom) {
    int x0 = Math.max(0, left);
    int x1 = Math.min(width, right);
    int y0 = Math.max(0, top);
    int y1 = Math.min(height, bottom);
    if (x1 - x0 < 4 || y1 - y0 < 8) {
      return false;
    }
    return sharpness(x0, x1, y0, y1, 0.21f) > OcrWords.ITALIC_GAIN * sharpness(x0, x1, y0, y1, 0f);
  }

  /** Sum of squared column counts of ink after shearing rows by {@code shear} (x per y). */
  private double sharpness(int x0, int x1, int y0, int y1, float shear) {
    int pad = (int) Math.ceil(shear * (y1 - y0)) + 1;
    int[] columns = new int[x1 - x0 + 2 * pad];
    for (int y = y0; y < y1; y++) {
      int shift = Math.round(shear * (y1 - y)); // the top leans right: move it back left
      for (int x = x0; x < x1; x++) {
        if (at(x, y)) {
          columns[x - x0 + pad - shift]++;
        }
      }
    }
    double sum = 0;
    for (int c : columns) {
      sum += (double) c * c;
    }
    return sum;
  }

  /** The mean length of horizontal ink runs in the box: about the thickness of a stroke. */
  float strokeWidth(int left, int top, int right, int bottom) {
    int x0 = Math.max(0, left);
    int x1 = Math.min(width, right);
    int y0 = Math.max(0, top);
    int y1 = Math.min(height, bottom);
    long inked = 0;
    long runs = 0;
    for (int y = y0; y < y1; y++) {
      boolean prev = false;
      for (int x = x0; x < x1; x++) {
        boolean on = at(x, y);
        if (on) {
          inked++;
          if (!prev) {
            runs++;
          }
        }
        prev = on;
      }
    }
    return runs == 0 ? 0 : (float) inked / runs;
  }

  /** Ink pixels in each column. */
  int[] columnInk() {
    int[] ink = new int[width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        ink[x] += at(x, y) ? 1 : 0;
      }
    }
    return ink;
  }

  /** Ink pixels in each row, counting only columns {@code from} (inclusive) to {@code to}. */
  int[] rowInk(int from, int to) {
    int[] ink = new int[height];
    for (int y = 0; y < height; y++) {
      for (int x = from; x < to; x++) {
        ink[y] += at(x, y) ? 1 : 0;
      }
    }
    return ink;
  }
}
