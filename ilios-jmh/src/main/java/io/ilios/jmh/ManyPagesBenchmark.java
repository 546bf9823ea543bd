package io.ilios.jmh;

import io.ilios.local.LocalConverter;
import io.ilios.spi.OcrResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whether converting a text PDF grows linearly with its pages: 1,000 and 10,000 one-line pages in a
 * flat page tree (as most writers make it), through the local converter, beside the per-page {@code
 * PDFTextStripper} it replaced (each page's extraction walks the whole tree, so time per page grows
 * with the document). Read the score divided by the page count: flat means linear.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Dorg.slf4j.simpleLogger.log.org.apache.pdfbox=error")
@State(Scope.Benchmark)
public class ManyPagesBenchmark {
  @Param({"1000", "10000"})
  public int pages;

  private Path dir;
  private Path pdf;
  private LocalConverter local;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("ilios-pages-bench");
    pdf = dir.resolve("pages.pdf");
    PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    try (PDDocument doc = new PDDocument()) {
      for (int p = 1; p <= pages; p++) {
        PDPage page = new PDPage(PDRectangle.A5);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(font, 11);
          cs.newLineAtOffset(40, 500);
          cs.showText("Page " + p + " of a long document, with a line of ordinary text.");
          cs.endText();
        }
      }
      doc.save(pdf.toFile());
    }
    local = LocalConverter.builder().dataDirectory(dir.resolve("data")).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    local.close();
    Bench.delete(dir);
  }

  /** The local converter, Markdown for every page. */
  @Benchmark
  public OcrResult ilios() throws Exception {
    return Bench.convertPdf(local, pdf, dir.resolve("tmp"));
  }

  /** Plain text of every page, one {@code PDFTextStripper} run per page (the old way). */
  @Benchmark
  public int perPageStripper() throws Exception {
    int chars = 0;
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      PDFTextStripper stripper = new PDFTextStripper();
      for (int p = 1; p <= pages; p++) {
        stripper.setStartPage(p);
        stripper.setEndPage(p);
        chars += stripper.getText(doc).length();
      }
    }
    return chars;
  }
}
