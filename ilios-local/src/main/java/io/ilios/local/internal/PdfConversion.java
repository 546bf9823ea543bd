package io.ilios.local.internal;

import io.ilios.IliosException;
import io.ilios.InvalidDocumentException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
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
      int maxPages,
      Path tempDirectory) {}

  /** What a PDF became: Markdown per page, and how long each page took. */
  public record Result(List<String> pages, List<Duration> pageTimes, int ocrPages) {}

  private final Settings settings;
  private final OcrPool ocr;

  public PdfConversion(Settings settings, OcrPool ocr) {
    this.settings = settings;
    this.ocr = ocr;
  }

  /**
   * Converts the PDF.
   *
   * @throws InvalidDocumentException if it cannot be parsed, is encrypted without the right
   *     password, has no pages or more than {@code maxPages}, or a page is too large to render
   * @throws InterruptedException if interrupted, also in the middle of a page
   */
  public Result convert(Path file, String fileName) throws InterruptedException {
    List<OcrPool.Job> ocrPages = new ArrayList<>(); // null for text pages
    boolean finished = false;
    try {
      Result r = convert(file, fileName, ocrPages);
      finished = true;
      return r;
    } finally {
      if (!finished) {
        OcrPool.cancelAll(ocrPages); // pages still queued for OCR would be wasted work
      }
    }
  }

  private Result convert(Path file, String fileName, List<OcrPool.Job> ocrPages)
      throws InterruptedException {
    try (PDDocument doc = open(file, fileName)) {
      List<PDPage> pages = pages(doc, fileName);
      int count = pages.size();
      GlyphCollector collector = new GlyphCollector(fileName);
      DocumentStyle style = new DocumentStyle();
      BitSet scanned = new BitSet(count);
      for (int i = 0; i < count; i++) {
        checkInterrupted();
        PDPage page = pages.get(i);
        List<Glyph> glyphs = collector.collect(doc, page);
        List<TextLine> lines = needsOcr(glyphs) ? null : Lines.of(glyphs);
        if (lines == null || Garbled.text(lines)) {
          scanned.set(i);
        } else {
          style.observe(lines, page.getCropBox().getHeight());
        }
      }
      style.settle();

      PDFRenderer renderer = new GuardedRenderer(doc, settings.maxPagePixels());
      List<String> textPages = new ArrayList<>(count); // null for OCR pages
      List<Duration> times = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        checkInterrupted();
        long start = System.nanoTime();
        PDPage page = pages.get(i);
        if (scanned.get(i)) {
          BufferedImage image = render(renderer, page, i, fileName);
          ocrPages.add(ocr.recognize(image, settings.dpi(), settings.pageTimeout()));
          textPages.add(null);
        } else {
          String md =
              PageLayout.markdown(
                  collector.collect(doc, page),
                  collector.rules(),
                  page.getCropBox().getWidth(),
                  page.getCropBox().getHeight(),
                  style);
          ocrPages.add(null);
          textPages.add(md);
        }
        times.add(Duration.ofNanos(System.nanoTime() - start));
      }
      // Recognised pages are laid out together: their sizes compare with each other, not with a
      // text layer's.
      List<OcrPage> recognised = new ArrayList<>();
      for (int i = scanned.nextSetBit(0); i >= 0; i = scanned.nextSetBit(i + 1)) {
        long start = System.nanoTime();
        recognised.add(
            ocrPages
                .get(i)
                .await(settings.pageTimeout(), fileName + " page " + (i + 1), settings.backend()));
        times.set(i, times.get(i).plusNanos(System.nanoTime() - start));
      }
      List<String> ocrMarkdown = PageLayout.markdown(recognised);
      List<String> markdown = new ArrayList<>(count);
      int next = 0;
      for (int i = 0; i < count; i++) {
        String md = scanned.get(i) ? ocrMarkdown.get(next++) : textPages.get(i);
        markdown.add(settings.pageMarkers() ? "<!-- page " + (i + 1) + " -->\n\n" + md : md);
      }
      return new Result(markdown, times, scanned.cardinality());
    } catch (IOException e) {
      if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
        Thread.interrupted();
        throw new InterruptedException("conversion of " + fileName + " interrupted");
      }
      throw new InvalidDocumentException(fileName + " is not a readable PDF: " + e.getMessage(), e);
    } catch (IliosException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      // PDFBox signals many malformed structures (cycles, wrong types, missing keys) this way.
      throw new InvalidDocumentException(
          fileName + " is a malformed PDF (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * The pages as the page tree holds them, never trusting the declared count (a PDF may claim a
   * billion pages, or one): at most {@code maxPages}.
   */
  private List<PDPage> pages(PDDocument doc, String fileName) {
    List<PDPage> pages = new ArrayList<>();
    for (PDPage page : doc.getPages()) {
      if (pages.size() == settings.maxPages()) {
        throw new InvalidDocumentException(
            fileName
                + " has more than "
                + settings.maxPages()
                + " pages, the limit (LocalConverter.builder().maxPages(...))");
      }
      pages.add(page);
    }
    if (pages.isEmpty()) {
      throw new InvalidDocumentException(fileName + " has no pages");
    }
    return pages;
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
    // PDFRenderer takes an index; pages come from the tree walk, so that is where this page is.
    PDRectangle box = page.getCropBox();
    double scale = settings.dpi() / 72.0;
    double pixels = box.getWidth() * scale * box.getHeight() * scale;
    if (pixels > settings.maxPagePixels()) {
      throw new InvalidDocumentException(
          String.format(
              "%s page %d is %.0f x %.0f points: too large to render at %d dpi (%.0f megapixels,"
                  + " over maxPagePixels, %d million)",
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
