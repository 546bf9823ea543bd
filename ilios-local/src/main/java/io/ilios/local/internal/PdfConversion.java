package io.ilios.local.internal;

import io.ilios.InvalidDocumentException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * Converts one PDF, page by page: the text layer where it is usable, OCR where a page has no text
 * or garbled text. Two passes over the pages: the first learns the document's font sizes and
 * running headers, the second writes Markdown. Only the current page is held in memory, plus the
 * pages waiting for OCR.
 */
public final class PdfConversion {
  /** Pages with fewer letters than this in their text layer are treated as scans. */
  static final int MIN_LETTERS = 10;

  /** A text layer with more than this share of unmapped or control characters is garbled. */
  static final double GARBLED = 0.3;

  /** Conversion settings. */
  public record Settings(
      String backend,
      int dpi,
      boolean pageMarkers,
      String password,
      Duration pageTimeout,
      long maxPagePixels,
      Path tempDirectory) {}

  /** What a PDF became: Markdown per page, and how long each page took. */
  public record Result(List<String> pages, List<Duration> pageTimes, int ocrPages) {}

  private final Settings settings;
  private final OcrPool ocr;

  public PdfConversion(Settings settings, OcrPool ocr) {
    this.settings = settings;
    this.ocr = ocr;
  }

  public Result convert(Path file, String fileName) throws InterruptedException {
    try (PDDocument doc = open(file, fileName)) {
      int count = doc.getNumberOfPages();
      if (count == 0) {
        throw new InvalidDocumentException(fileName + " has no pages");
      }
      GlyphCollector collector = new GlyphCollector();
      DocumentStyle style = new DocumentStyle();
      BitSet scanned = new BitSet(count);
      for (int i = 0; i < count; i++) {
        checkInterrupted();
        PDPage page = doc.getPage(i);
        List<Glyph> glyphs = collector.collect(doc, i);
        if (needsOcr(glyphs)) {
          scanned.set(i);
        } else {
          style.observe(Lines.of(glyphs), page.getCropBox().getHeight());
        }
      }
      style.settle();

      PDFRenderer renderer = new PDFRenderer(doc);
      List<OcrPool.Job> ocrPages = new ArrayList<>(count); // null for text pages
      List<String> textPages = new ArrayList<>(count); // null for OCR pages
      List<Duration> times = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        checkInterrupted();
        long start = System.nanoTime();
        PDPage page = doc.getPage(i);
        if (scanned.get(i)) {
          BufferedImage image = render(renderer, page, i, fileName);
          ocrPages.add(ocr.recognize(image, settings.dpi(), settings.pageTimeout()));
          textPages.add(null);
        } else {
          float height = page.getCropBox().getHeight();
          List<TextLine> lines = new ArrayList<>();
          for (TextLine line : Lines.of(collector.collect(doc, i))) {
            if (!style.isRunning(line, height)) {
              lines.add(line);
            }
          }
          String md = new PageMarkdown(style).write(ColumnOrder.order(lines));
          ocrPages.add(null);
          textPages.add(md);
        }
        times.add(Duration.ofNanos(System.nanoTime() - start));
      }
      List<String> markdown = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        String md =
            scanned.get(i)
                ? OcrMarkdown.of(
                    ocrPages
                        .get(i)
                        .await(
                            settings.pageTimeout(),
                            fileName + " page " + (i + 1),
                            settings.backend()))
                : textPages.get(i);
        times.set(i, times.get(i).plusNanos(System.nanoTime() - start));
        markdown.add(settings.pageMarkers() ? "<!-- page " + (i + 1) + " -->\n\n" + md : md);
      }
      return new Result(markdown, times, scanned.cardinality());
    } catch (IOException e) {
      throw new InvalidDocumentException(fileName + " is not a readable PDF: " + e.getMessage(), e);
    }
  }

  private PDDocument open(Path file, String fileName) throws IOException {
    Files.createDirectories(settings.tempDirectory()); // PDFBox's scratch files for large streams
    try {
      return Loader.loadPDF(
          file.toFile(),
          settings.password(),
          null,
          null,
          MemoryUsageSetting.setupMixed(16L << 20)
              .setTempDir(settings.tempDirectory().toFile())
              .streamCache);
    } catch (InvalidPasswordException e) {
      throw new InvalidDocumentException(
          fileName
              + " is encrypted and "
              + (settings.password().isEmpty() ? "needs a password" : "the password is wrong")
              + " (LocalConverter.builder().password(...))",
          e);
    }
  }

  private BufferedImage render(PDFRenderer renderer, PDPage page, int index, String fileName)
      throws IOException {
    PDRectangle box = page.getCropBox();
    double scale = settings.dpi() / 72.0;
    double pixels = box.getWidth() * scale * box.getHeight() * scale;
    if (pixels > settings.maxPagePixels()) {
      throw new InvalidDocumentException(
          String.format(
              "%s page %d is %.0f x %.0f points: too large to render at %d dpi (%.0f megapixels,"
                  + " limit %d)",
              fileName,
              index + 1,
              box.getWidth(),
              box.getHeight(),
              settings.dpi(),
              pixels / 1e6,
              settings.maxPagePixels() / 1_000_000));
    }
    return renderer.renderImageWithDPI(index, settings.dpi(), ImageType.GRAY);
  }

  /** No text, or a text layer that is mostly unmapped glyphs or control characters. */
  static boolean needsOcr(List<Glyph> glyphs) {
    int letters = 0;
    int bad = 0;
    for (Glyph g : glyphs) {
      if (g.isSpace()) {
        continue;
      }
      letters++;
      for (int i = 0; i < g.text().length(); i++) {
        char c = g.text().charAt(i);
        if (c == '\uFFFD' || Character.isISOControl(c) || (c >= '\uE000' && c <= '\uF8FF')) {
          bad++;
          break;
        }
      }
    }
    return letters < MIN_LETTERS || bad > GARBLED * letters;
  }

  private static void checkInterrupted() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("conversion interrupted");
    }
  }
}
