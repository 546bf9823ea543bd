package io.ilios.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Memory does not grow with the number of pages: 3,000 text pages in a 64 MiB heap. */
class ManyPagesTest {
  static final int PAGES = 3_000;

  @TempDir Path dir;

  @Test
  void aLongDocumentIsConvertedPageByPageInASmallHeap() throws Exception {
    Path pdf = dir.resolve("many.pdf");
    PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    try (PDDocument doc = new PDDocument()) {
      for (int p = 1; p <= PAGES; p++) {
        PDPage page = new PDPage(PDRectangle.LETTER);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          for (int l = 0; l < 40; l++) {
            cs.beginText();
            cs.setFont(font, 11);
            cs.newLineAtOffset(72, 650 - 14 * l); // clear of the margins, where repeats are dropped
            cs.showText("Page " + p + " line " + l + " of a long document read page by page.");
            cs.endText();
          }
        }
      }
      doc.save(pdf.toFile());
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        new ArrayList<>(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path")));
    cmd.addAll(
        List.of(ManyPagesChild.class.getName(), pdf.toString(), dir.resolve("data").toString()));
    Path out = dir.resolve("child.out");
    Process child =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String output = Files.readString(out);
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("pages " + PAGES)
        .contains("first Page 1 line 0 of a long document read page by page.")
        .contains("max heap 64 MiB");
  }
}
