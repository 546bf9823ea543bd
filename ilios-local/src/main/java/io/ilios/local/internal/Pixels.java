package io.ilios.local.internal;

import io.ilios.OcrException;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import org.bytedeco.javacpp.IntPointer;
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
}
