package io.ilios.mistral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.InvalidDocumentException;
import io.ilios.mistral.internal.PdfParts;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cutting PDFs over the page and size limits into parts of consecutive pages, one at a time. */
class PdfPartsTest {
  @TempDir Path dir;

  private List<PdfParts.Part> cutAll(Path pdf, int maxPages, long maxBytes) throws Exception {
    List<PdfParts.Part> parts = new ArrayList<>();
    try (PdfParts split = PdfParts.open(pdf, pdf.getFileName().toString(), dir.resolve("tmp"))) {
      split.cut(maxPages, maxBytes, parts::add);
    }
    return parts;
  }

  @Test
  void partsCoverEveryPageOnceInOrderAndStayUnderBothLimits() throws Exception {
    Path pdf = Pdfs.numbered(dir.resolve("b.pdf"), 40);
    long maxBytes = Files.size(pdf) / 5; // forces halving below the page limit
    List<PdfParts.Part> parts = cutAll(pdf, 16, maxBytes);
    int next = 0;
    for (PdfParts.Part p : parts) {
      assertThat(p.first()).isEqualTo(next);
      assertThat(p.end() - p.first()).isBetween(1, 16);
      assertThat(Files.size(p.file())).isLessThanOrEqualTo(maxBytes);
      try (PdfParts part = PdfParts.open(p.file(), "part", dir.resolve("tmp"))) {
        assertThat(part.pageCount()).isEqualTo(p.end() - p.first());
      }
      next = p.end();
    }
    assertThat(next).isEqualTo(40);
    assertThat(parts.size()).isGreaterThan(40 / 16 + 1);
  }

  @Test
  void pagesSharingALargeImageAreCutOneAtATimeSoScratchSpaceStaysAtOnePart() throws Exception {
    Path pdf = sharedImagePdf(dir.resolve("shared.pdf"), 30);
    long original = Files.size(pdf);
    long[] peak = {0};
    int[] count = {0};
    try (PdfParts split = PdfParts.open(pdf, "shared.pdf", dir.resolve("tmp"))) {
      // Each part carries its own copy of the image: all parts at once would be ~30 originals.
      split.cut(
          1,
          original * 2,
          part -> {
            peak[0] = Math.max(peak[0], scratch(dir.resolve("tmp")));
            count[0]++;
            deleteUnchecked(part.file()); // sent: the caller deletes it
          });
    }
    assertThat(count[0]).isEqualTo(30);
    assertThat(peak[0]).as("peak scratch bytes").isLessThanOrEqualTo((long) (original * 1.2));
    assertThat(scratch(dir.resolve("tmp"))).isZero();
  }

  @Test
  void aSinglePageOverTheByteLimitFailsTheDocumentInsteadOfBeingSent() throws Exception {
    Path pdf = sharedImagePdf(dir.resolve("big.pdf"), 2);
    List<PdfParts.Part> sent = new ArrayList<>();
    assertThatThrownBy(
            () -> {
              try (PdfParts split = PdfParts.open(pdf, "big.pdf", dir.resolve("tmp"))) {
                split.cut(10, 10_000, sent::add);
              }
            })
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageContaining("big.pdf page 1 alone is")
        .hasMessageContaining("over the limit of 10000 per request");
    assertThat(sent).isEmpty();
    assertThat(scratch(dir.resolve("tmp"))).isZero();
  }

  @Test
  void aFileThatIsNotAPdfIsAnInvalidDocument() throws Exception {
    Path junk = Files.write(dir.resolve("junk.pdf"), "%PDF-1.7\nnot really\n%%EOF".getBytes());
    assertThatThrownBy(() -> PdfParts.open(junk, "junk.pdf", dir.resolve("tmp")))
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessageStartingWith("junk.pdf is not a readable PDF");
  }

  private static long scratch(Path tmp) {
    if (!Files.isDirectory(tmp)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(tmp)) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("ilios-part-"))
          .mapToLong(f -> f.toFile().length())
          .sum();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void deleteUnchecked(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** {@code pages} pages that all draw the same incompressible 600 × 600 image. */
  static Path sharedImagePdf(Path file, int pages) throws IOException {
    BufferedImage noise = new BufferedImage(600, 600, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(7);
    for (int y = 0; y < 600; y++) {
      for (int x = 0; x < 600; x++) {
        noise.setRGB(x, y, random.nextInt());
      }
    }
    try (PDDocument doc = new PDDocument()) {
      PDImageXObject image = LosslessFactory.createFromImage(doc, noise);
      for (int p = 0; p < pages; p++) {
        PDPage page = new PDPage(PDRectangle.A6);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.drawImage(image, 10, 10, 200, 200);
        }
      }
      doc.save(file.toFile());
    }
    return file;
  }
}
