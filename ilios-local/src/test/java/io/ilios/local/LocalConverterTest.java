package io.ilios.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.InvalidDocumentException;
import io.ilios.OcrException;
import io.ilios.local.samples.SampleDocuments;
import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local converter on generated documents whose structure is known. */
class LocalConverterTest {
  @TempDir static Path dir;
  static LocalConverter local;

  @BeforeAll
  static void start() throws Exception {
    SampleDocuments.main(new String[] {dir.toString()});
    local = LocalConverter.builder().dataDirectory(dir.resolve("data")).build();
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  static OcrInput input(Path file, String mime) throws Exception {
    return new OcrInput(
        file.getFileName().toString(),
        mime,
        Files.size(file),
        () -> Files.newInputStream(file),
        dir.resolve("tmp"));
  }

  static List<String> pdf(LocalConverter converter, Path file) throws Exception {
    OcrResult r = converter.convert(input(file, "application/pdf"));
    assertThat(r.model()).isEqualTo(LocalConverter.MODEL);
    assertThat(r.inputTokens()).isZero();
    assertThat(r.pageTimes()).hasSameSizeAs(r.pages());
    return r.pages();
  }

  @Test
  void aBornDigitalReportBecomesStructuredMarkdown() throws Exception {
    List<String> pages = pdf(local, dir.resolve("report.pdf"));
    assertThat(pages).hasSize(2);
    assertThat(pages.get(0))
        .isEqualTo(
            """
            # Quarterly Report

            ## Summary

            Revenue grew in every region this quarter, led by strong demand for our storage \
            products. Costs stayed flat while the team shipped three releases on schedule.

            A second paragraph follows after a blank line.

            ## Highlights

            - Three new customers in Europe
              - Two of them in Germany
            - Support tickets down by a third

            1. Hire two engineers
            2. Open the Berlin office

            ## Results by region

            | Region | Revenue | Growth |
            | --- | --- | --- |
            | Europe | 1,200 | 12% |
            | Americas | 2,450 | 8% |
            | Asia | 980 | 15% |""");
    assertThat(pages.get(1))
        .isEqualTo(
            """
            ## Configuration

            The service reads its settings at start:

            ```
            ilios convert report.pdf \\
                --out results
            ```

            Read more in the guide at [the Ilios site](https://example.com/ilios) before you \
            start.""");
    // Running header, footer and page numbers are gone.
    assertThat(String.join("\n", pages)).doesNotContain("ACME").doesNotContain("Page 1");
  }

  @Test
  void twoColumnsAreReadLeftColumnFirst() throws Exception {
    String md = pdf(local, dir.resolve("two-columns.pdf")).get(0);
    assertThat(md)
        .isEqualTo(
            """
            # Two Columns

            The left column starts here and continues for several lines of ordinary text about \
            the first topic of this page, which ends before the right column begins.

            The right column holds the second topic and must be read only after the whole left \
            column, although its lines sit at the same heights as the lines on the left.""");
  }

  @Test
  void aScannedPageAndAnImageAreRecognised() throws Exception {
    String scanned = pdf(local, dir.resolve("scanned.pdf")).get(0);
    assertThat(scanned).contains(SampleDocuments.SCANNED_TEXT).contains("second line of the scan");
    OcrResult png = local.convert(input(dir.resolve("note.png"), "image/png"));
    assertThat(png.pages()).hasSize(1);
    assertThat(png.pages().get(0)).contains(SampleDocuments.SCANNED_TEXT);
  }

  @Test
  void jpegTiffGifBmpAndWebpImagesAreRecognisedToo() throws Exception {
    BufferedImage scan = SampleDocuments.scan(SampleDocuments.SCANNED_TEXT, 1800, 500);
    for (String[] format :
        new String[][] {
          {"jpg", "image/jpeg"}, {"tiff", "image/tiff"}, {"gif", "image/gif"}, {"bmp", "image/bmp"}
        }) {
      Path file = dir.resolve("note." + format[0]);
      assertThat(ImageIO.write(scan, format[0], file.toFile())).as(format[0]).isTrue();
      OcrResult r = local.convert(input(file, format[1]));
      assertThat(r.pages().get(0)).as(format[0]).contains(SampleDocuments.SCANNED_TEXT);
    }
    // No ImageIO writer for WebP: the bundled Leptonica (built with libwebp) writes one.
    PIX pix = leptonica.pixRead(dir.resolve("note.png").toString());
    Path webp = dir.resolve("note.webp");
    assertThat(leptonica.pixWrite(webp.toString(), pix, leptonica.IFF_WEBP)).isZero();
    leptonica.pixDestroy(pix);
    assertThat(local.convert(input(webp, "image/webp")).pages().get(0))
        .contains(SampleDocuments.SCANNED_TEXT);
  }

  @Test
  void pageMarkersAreWrittenWhenAskedFor() throws Exception {
    try (LocalConverter marked =
        LocalConverter.builder().dataDirectory(dir.resolve("data")).pageMarkers(true).build()) {
      List<String> pages = pdf(marked, dir.resolve("report.pdf"));
      assertThat(pages.get(0)).startsWith("<!-- page 1 -->\n\n# Quarterly Report");
      assertThat(pages.get(1)).startsWith("<!-- page 2 -->\n\n## Configuration");
    }
  }

  @Test
  void anEncryptedPdfNeedsItsPassword() throws Exception {
    Path locked = dir.resolve("locked.pdf");
    try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(dir.resolve("report.pdf").toFile())) {
      StandardProtectionPolicy policy =
          new StandardProtectionPolicy("owner-secret", "user-secret", new AccessPermission());
      policy.setEncryptionKeyLength(128);
      doc.protect(policy);
      doc.save(locked.toFile());
    }
    assertThatThrownBy(() -> pdf(local, locked))
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessage(
            "locked.pdf is encrypted and needs a password"
                + " (LocalConverter.builder().password(...))");
    try (LocalConverter withPassword =
        LocalConverter.builder()
            .dataDirectory(dir.resolve("data"))
            .password("user-secret")
            .build()) {
      assertThat(pdf(withPassword, locked).get(0)).startsWith("# Quarterly Report");
    }
  }

  @Test
  void corruptEmptyAndHugeDocumentsGetTypedErrors() throws Exception {
    Path corrupt =
        Files.write(dir.resolve("corrupt.pdf"), "%PDF-1.7\nthis is not a pdf\n%%EOF\n".getBytes());
    assertThatThrownBy(() -> pdf(local, corrupt))
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageStartingWith("corrupt.pdf is not a readable PDF");

    Path empty = dir.resolve("no-pages.pdf");
    try (PDDocument doc = new PDDocument()) {
      doc.save(empty.toFile());
    }
    assertThatThrownBy(() -> pdf(local, empty))
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessage("no-pages.pdf has no pages");

    Path huge = dir.resolve("huge.pdf");
    try (PDDocument doc = new PDDocument()) {
      doc.addPage(new PDPage(new PDRectangle(14_400, 14_400))); // 200 x 200 inches, no text
      doc.save(huge.toFile());
    }
    assertThatThrownBy(() -> pdf(local, huge))
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining("huge.pdf page 1 is 14400 x 14400 points: too large to render");

    Path broken =
        Files.write(
            dir.resolve("broken.png"),
            new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3});
    assertThatThrownBy(() -> local.convert(input(broken, "image/png")))
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessage("broken.png is an image that cannot be decoded");
  }

  @Test
  void ocrOfAPageStopsAtThePageTimeout() throws Exception {
    BufferedImage noise = new BufferedImage(1500, 1500, BufferedImage.TYPE_BYTE_GRAY);
    Random random = new Random(42);
    for (int y = 0; y < noise.getHeight(); y++) {
      for (int x = 0; x < noise.getWidth(); x++) {
        noise.getRaster().setSample(x, y, 0, random.nextBoolean() ? 0 : 255);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(noise, "png", png);
    Path file = Files.write(dir.resolve("noise.png"), png.toByteArray());
    try (LocalConverter quick =
        LocalConverter.builder()
            .dataDirectory(dir.resolve("data"))
            .pageTimeout(Duration.ofSeconds(1))
            .build()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> quick.convert(input(file, "image/png")))
          .isInstanceOf(OcrException.class)
          .hasMessageContaining("took longer than 1000 ms");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void invalidSettingsAreRejected() {
    assertThatThrownBy(() -> LocalConverter.builder().dpi(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dpi must be between 72 and 1200, was 10");
    assertThatThrownBy(
            () ->
                LocalConverter.builder()
                    .dataDirectory(dir.resolve("data"))
                    .languages("xyz")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot load language data 'xyz'");
  }
}
