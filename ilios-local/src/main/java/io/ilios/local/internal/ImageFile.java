package io.ilios.local.internal;

import io.ilios.InvalidDocumentException;
import java.nio.file.Path;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;

/**
 * An image on disk, read by Leptonica one frame at a time. Every size the file declares is checked
 * before anything is decoded: the frame count of a TIFF against the page limit, each frame's width
 * × height against the pixel limit, so a pixel bomb is refused after reading its header. The
 * decoded frame lives in native memory, never in the Java heap.
 */
public final class ImageFile {
  static {
    leptonica.setMsgSeverity(leptonica.L_SEVERITY_NONE); // its complaints become our exceptions
  }

  private final Path file;
  private final String fileName;
  private final boolean tiff;
  private final long maxPixels;

  /**
   * @param tiff whether the file is a TIFF (the one type here with several frames)
   * @param maxPixels the most pixels one frame may have
   */
  public ImageFile(Path file, String fileName, boolean tiff, long maxPixels) {
    this.file = file;
    this.fileName = fileName;
    this.tiff = tiff;
    this.maxPixels = maxPixels;
  }

  /**
   * How many frames the image has: 1 unless it is a multi-page TIFF.
   *
   * @throws InvalidDocumentException if the header cannot be read or there are more than {@code
   *     maxFrames}
   */
  public int frames(int maxFrames) {
    if (!tiff) {
      header(0);
      return 1;
    }
    int n = 0;
    int[] w = new int[1];
    int[] h = new int[1];
    int[] any = new int[1];
    while (leptonica.readHeaderTiff(file.toString(), n, w, h, any, any, any, any, any) == 0) {
      checkPixels(w[0], h[0], n);
      n++;
      if (n > maxFrames) {
        throw new InvalidDocumentException(
            fileName
                + " has more than "
                + maxFrames
                + " frames, the limit (LocalConverter.builder().maxPages(...))");
      }
    }
    if (n == 0) {
      throw new InvalidDocumentException(fileName + " is an image that cannot be decoded");
    }
    return n;
  }

  /**
   * Decodes frame {@code index} (from 0). Free it with {@link leptonica#pixDestroy(PIX)}.
   *
   * @throws InvalidDocumentException if it is over the pixel limit or cannot be decoded
   */
  public PIX read(int index) {
    PIX pix;
    if (tiff) {
      pix = leptonica.pixReadTiff(file.toString(), index);
    } else {
      header(index);
      pix = leptonica.pixRead(file.toString());
    }
    if (pix == null) {
      throw new InvalidDocumentException(
          fileName + (tiff ? " frame " + (index + 1) : "") + " is an image that cannot be decoded");
    }
    return pix;
  }

  private void header(int index) {
    int[] format = new int[1];
    int[] w = new int[1];
    int[] h = new int[1];
    int[] any = new int[1];
    if (leptonica.pixReadHeader(file.toString(), format, w, h, any, any, any) != 0) {
      throw new InvalidDocumentException(fileName + " is an image that cannot be decoded");
    }
    checkPixels(w[0], h[0], index);
  }

  private void checkPixels(int width, int height, int index) {
    long pixels = (long) width * height;
    if (width <= 0 || height <= 0 || pixels > maxPixels) {
      throw new InvalidDocumentException(
          String.format(
              "%s%s declares %d x %d pixels (%.1f megapixels), over maxPagePixels (%.1f"
                  + " megapixels; LocalConverter.builder().maxPagePixels(...))",
              fileName,
              tiff ? " frame " + (index + 1) : "",
              width,
              height,
              pixels / 1e6,
              maxPixels / 1e6));
    }
  }
}
