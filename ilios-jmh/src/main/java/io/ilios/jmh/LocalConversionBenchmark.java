package io.ilios.jmh;

import io.ilios.local.LocalConverter;
import io.ilios.spi.OcrResult;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Local conversion speed: a 50-page born-digital PDF through the text layer, 4 dense scanned pages
 * through OCR, and {@code pdftotext} (Poppler) on the same 50 pages, side by side. Pages per second
 * = pages / (ms per op / 1000). pdftotext runs as a process per op, as a user would run it; the
 * benchmark fails if it is not installed ({@code apt-get install poppler-utils}).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.log.org.apache.pdfbox=error")
@State(Scope.Benchmark)
public class LocalConversionBenchmark {
  static final int TEXT_PAGES = 50;
  static final int SCANNED_PAGES = 4;

  private Path dir;
  private Path text;
  private Path scanned;
  private Path scannedPage;
  private LocalConverter local;
  private LocalConverter oneThread;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("ilios-local-bench");
    text = dir.resolve("text.pdf");
    scanned = dir.resolve("scanned.pdf");
    writeTextPdf(text);
    writeScannedPdf(scanned, SCANNED_PAGES);
    scannedPage = dir.resolve("scanned-page.pdf");
    writeScannedPdf(scannedPage, 1);
    local = LocalConverter.builder().dataDirectory(dir.resolve("data")).build();
    oneThread = LocalConverter.builder().dataDirectory(dir.resolve("data")).ocrThreads(1).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    local.close();
    oneThread.close();
    Bench.delete(dir);
  }

  private OcrResult convert(Path file) throws InterruptedException, IOException {
    return Bench.convertPdf(local, file, dir.resolve("tmp"));
  }

  /** 50 pages, text layer to Markdown. */
  @Benchmark
  public OcrResult textLayer50Pages() throws Exception {
    return convert(text);
  }

  /** 4 scanned pages (300 dpi, about 50 lines each), OCR on all cores. */
  @Benchmark
  public OcrResult ocr4Pages() throws Exception {
    return convert(scanned);
  }

  /**
   * One dense scanned page at 300 dpi on one OCR thread: the time a page costs one core (the goal
   * is 1.5 s), with the whole layout engine (deskew, rules, words, weights, Markdown).
   */
  @Benchmark
  public OcrResult ocr1PageOneThread() throws Exception {
    return Bench.convertPdf(oneThread, scannedPage, dir.resolve("tmp"));
  }

  /** Poppler's pdftotext on the same 50 pages, for comparison (plain text, no structure). */
  @Benchmark
  public long pdftotext50Pages() throws Exception {
    Process p = new ProcessBuilder("pdftotext", "-q", text.toString(), "-").start();
    long chars = 0;
    try (InputStream in = p.getInputStream()) {
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        chars += n;
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("pdftotext failed");
    }
    return chars;
  }

  static void writeTextPdf(Path file) throws IOException {
    PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
    PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    try (PDDocument doc = new PDDocument()) {
      for (int p = 1; p <= TEXT_PAGES; p++) {
        PDPage page = new PDPage(PDRectangle.LETTER);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          line(cs, bold, 16, 72, 720, "Section " + p);
          float y = 690;
          for (int l = 0; l < 30; l++, y -= 14) {
            String words = "Paragraph text of section " + p + ", line " + l + ", with enough words";
            line(cs, regular, 11, 72, y, words + " to fill most of the measure.");
          }
          y -= 10;
          for (int r = 0; r < 5; r++, y -= 14) {
            line(cs, regular, 11, 72, y, "Item " + r);
            line(cs, regular, 11, 250, y, Integer.toString(r * 17));
            line(cs, regular, 11, 400, y, r * 3 + "%");
          }
        }
      }
      doc.save(file.toFile());
    }
  }

  private static void line(
      PDPageContentStream cs, PDType1Font f, float size, float x, float y, String s)
      throws IOException {
    cs.beginText();
    cs.setFont(f, size);
    cs.newLineAtOffset(x, y);
    cs.showText(s);
    cs.endText();
  }

  static void writeScannedPdf(Path file, int pages) throws IOException {
    BufferedImage img = new BufferedImage(2550, 3300, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SERIF, Font.PLAIN, 42));
    for (int l = 0; l < 50; l++) {
      g.drawString(
          "Line " + l + " of a dense scanned page with many words to read", 150, 200 + 60 * l);
    }
    g.dispose();
    try (PDDocument doc = new PDDocument()) {
      PDImageXObject image = LosslessFactory.createFromImage(doc, img);
      for (int p = 0; p < pages; p++) {
        PDPage page = new PDPage(PDRectangle.LETTER);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.drawImage(image, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
        }
      }
      doc.save(file.toFile());
    }
  }
}
