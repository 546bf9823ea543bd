package io.ilios.local.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;

/**
 * Renders pages for OCR, stopping within a page when the thread is interrupted, and refusing an
 * embedded image whose declared size is over the pixel limit before PDFBox decodes it into the
 * heap.
 */
final class GuardedRenderer extends PDFRenderer {
  private final long maxImagePixels;

  GuardedRenderer(PDDocument document, long maxImagePixels) {
    super(document);
    this.maxImagePixels = maxImagePixels;
  }

  /** An embedded image is larger than the limit. */
  static final class ImageTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    ImageTooLargeException(String message) {
      super(message);
    }
  }

  @Override
  protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
    return new PageDrawer(parameters) {
      private int operators;

      @Override
      protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
        if (++operators % 256 == 0 && Thread.currentThread().isInterrupted()) {
          throw new InterruptedIOException("rendering interrupted");
        }
        super.processOperator(operator, operands);
      }

      @Override
      public void drawImage(PDImage image) throws IOException {
        long pixels = (long) image.getWidth() * image.getHeight();
        if (pixels > maxImagePixels) {
          throw new ImageTooLargeException(
              "an embedded image of "
                  + image.getWidth()
                  + " x "
                  + image.getHeight()
                  + " pixels is over maxPagePixels ("
                  + maxImagePixels
                  + ")");
        }
        super.drawImage(image);
      }
    };
  }
}
