package io.ilios.mistral;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.mistral.internal.PdfParts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cutting PDFs over the page and size limits into parts of consecutive pages. */
class PdfPartsTest {
  @TempDir Path dir;

  @Test
  void aPdfWithinTheLimitsIsSentWhole() throws Exception {
    Path pdf = Pdfs.numbered(dir.resolve("a.pdf"), 10);
    List<PdfParts.Part> parts = PdfParts.plan(pdf, "a.pdf", 10, 1_000, 50_000_000, dir);
    assertThat(parts).containsExactly(new PdfParts.Part(pdf, 0, 10, false));
  }

  @Test
  void partsCoverEveryPageOnceInOrderAndStayUnderBothLimits() throws Exception {
    Path pdf = Pdfs.numbered(dir.resolve("b.pdf"), 40);
    long maxBytes = Files.size(pdf) / 5; // forces halving below the page limit
    List<PdfParts.Part> parts = PdfParts.plan(pdf, "b.pdf", 40, 16, maxBytes, dir);
    int next = 0;
    for (PdfParts.Part p : parts) {
      assertThat(p.first()).isEqualTo(next);
      assertThat(p.end() - p.first()).isBetween(1, 16);
      assertThat(Files.size(p.file()) <= maxBytes || p.end() - p.first() == 1).isTrue();
      assertThat(PdfParts.pageCount(p.file(), "part", dir)).isEqualTo(p.end() - p.first());
      next = p.end();
    }
    assertThat(next).isEqualTo(40);
    assertThat(parts.size()).isGreaterThan(40 / 16 + 1);
  }
}
