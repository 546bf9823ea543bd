package io.ilios.mistral.internal;

import io.ilios.IliosException;
import io.ilios.InvalidDocumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/**
 * A PDF too large for one Mistral request, cut into parts of consecutive pages, each within the
 * page and byte limits. Parts are written one at a time, when the caller asks for the next: pages
 * that share large resources (a font, a background image) carry a copy in every part, so writing
 * all parts up front could multiply the file on disk. The caller deletes each part once sent. Not
 * thread-safe (PDFBox is not): one thread cuts, others may send.
 */
public final class PdfParts implements AutoCloseable {
  /**
   * A run of pages of the original, as a file: pages {@code first} (from 0) to before {@code end}.
   */
  public record Part(Path file, int first, int end, boolean temporary) {}

  /** Receives each part as soon as its file is written. */
  @FunctionalInterface
  public interface Sink {
    void accept(Part part) throws InterruptedException;
  }

  private final PDDocument doc;
  private final List<PDPage> pages = new ArrayList<>();
  private final String fileName;
  private final Path temp;

  private PdfParts(PDDocument doc, String fileName, Path temp) {
    this.doc = doc;
    this.fileName = fileName;
    this.temp = temp;
    for (PDPage page : doc.getPages()) {
      pages.add(page); // counted in the tree, not taken from the count the file declares
    }
  }

  /**
   * Opens the PDF.
   *
   * @throws InvalidDocumentException if it cannot be parsed
   */
  public static PdfParts open(Path pdf, String fileName, Path temp) {
    PDDocument doc = null;
    try {
      Files.createDirectories(temp);
      doc =
          Loader.loadPDF(
              pdf.toFile(),
              "",
              null,
              null,
              MemoryUsageSetting.setupMixed(16L << 20).setTempDir(temp.toFile()).streamCache);
      return new PdfParts(doc, fileName, temp);
    } catch (IOException | RuntimeException | StackOverflowError e) {
      closeQuietly(doc);
      if (e instanceof IliosException ilios) {
        throw ilios;
      }
      throw new InvalidDocumentException(fileName + " is not a readable PDF: " + e.getMessage(), e);
    }
  }

  /** The number of pages in the page tree. */
  public int pageCount() {
    return pages.size();
  }

  /**
   * Writes runs of at most {@code maxPages} pages, halving a run while its file is over {@code
   * maxBytes}, and hands each part to {@code sink} before writing the next.
   *
   * @throws InvalidDocumentException if one page alone is over {@code maxBytes}: no split helps
   */
  public void cut(int maxPages, long maxBytes, Sink sink) throws InterruptedException {
    for (int first = 0; first < pages.size(); first += maxPages) {
      cut(first, Math.min(pages.size(), first + maxPages), maxBytes, sink);
    }
  }

  private void cut(int first, int end, long maxBytes, Sink sink) throws InterruptedException {
    Path file;
    try {
      file = Files.createTempFile(temp, "ilios-part-", ".pdf");
      try (PDDocument part = new PDDocument()) {
        for (int i = first; i < end; i++) {
          part.importPage(pages.get(i));
        }
        part.save(file.toFile());
      }
      long size = Files.size(file);
      if (size > maxBytes) {
        Files.delete(file);
        if (end - first == 1) {
          throw new InvalidDocumentException(
              fileName
                  + " page "
                  + end
                  + " alone is "
                  + size
                  + " bytes, over the limit of "
                  + maxBytes
                  + " per request");
        }
        int middle = first + (end - first) / 2;
        cut(first, middle, maxBytes, sink);
        cut(middle, end, maxBytes, sink);
        return;
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof IliosException ilios) {
        throw ilios;
      }
      throw new InvalidDocumentException(fileName + " cannot be split: " + e.getMessage(), e);
    }
    sink.accept(new Part(file, first, end, true));
  }

  @Override
  public void close() {
    closeQuietly(doc);
  }

  private static void closeQuietly(PDDocument doc) {
    if (doc != null) {
      try {
        doc.close();
      } catch (IOException ignored) {
        // read-only: nothing to lose
      }
    }
  }
}
