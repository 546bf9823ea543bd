package io.ilios.mistral.internal;

import io.ilios.InvalidDocumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Counts a PDF's pages and, when it is over Mistral's limits, cuts it into parts of consecutive
 * pages that are each within them, as temporary files.
 */
public final class PdfParts {
  /**
   * A run of pages of the original, as a file: pages {@code first} (from 0) to before {@code end}.
   */
  public record Part(Path file, int first, int end, boolean temporary) {}

  private PdfParts() {}

  public static int pageCount(Path pdf, String fileName, Path temp) {
    try (PDDocument doc = open(pdf, temp)) {
      return doc.getNumberOfPages();
    } catch (IOException e) {
      throw new InvalidDocumentException(fileName + " is not a readable PDF: " + e.getMessage(), e);
    }
  }

  /**
   * The parts to send: the file itself when it has at most {@code maxPages} pages and {@code
   * maxBytes} bytes; otherwise runs of at most {@code maxPages} pages, halved again while a part's
   * file is over {@code maxBytes}.
   */
  public static List<Part> plan(
      Path pdf, String fileName, int pages, int maxPages, long maxBytes, Path temp) {
    try {
      if (pages <= maxPages && Files.size(pdf) <= maxBytes) {
        return List.of(new Part(pdf, 0, pages, false));
      }
      List<Part> parts = new ArrayList<>();
      try (PDDocument doc = open(pdf, temp)) {
        for (int first = 0; first < pages; first += maxPages) {
          cut(doc, first, Math.min(pages, first + maxPages), maxBytes, temp, parts);
        }
      }
      return parts;
    } catch (IOException e) {
      throw new InvalidDocumentException(fileName + " cannot be split: " + e.getMessage(), e);
    }
  }

  private static void cut(
      PDDocument doc, int first, int end, long maxBytes, Path temp, List<Part> parts)
      throws IOException {
    Path file = Files.createTempFile(temp, "ilios-part-", ".pdf");
    try (PDDocument part = new PDDocument()) {
      for (int i = first; i < end; i++) {
        part.importPage(doc.getPage(i));
      }
      part.save(file.toFile());
    }
    if (Files.size(file) > maxBytes && end - first > 1) {
      Files.delete(file);
      int middle = first + (end - first) / 2;
      cut(doc, first, middle, maxBytes, temp, parts);
      cut(doc, middle, end, maxBytes, temp, parts);
      return;
    }
    parts.add(new Part(file, first, end, true));
  }

  private static PDDocument open(Path pdf, Path temp) throws IOException {
    Files.createDirectories(temp);
    return Loader.loadPDF(
        pdf.toFile(),
        "",
        null,
        null,
        MemoryUsageSetting.setupMixed(16L << 20).setTempDir(temp.toFile()).streamCache);
  }
}
