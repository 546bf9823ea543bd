package io.ilios.local.samples;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;

/**
 * Writes the sample documents of {@code docs/samples} (and of the structure tests): a born-digital
 * report with headings, lists, a table, code and a link; a two-column page; a scanned page as an
 * image-only PDF; a PNG. Run {@code main} with the output folder to regenerate them.
 */
public final class SampleDocuments {
  static final PDType1Font REGULAR = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
  static final PDType1Font BOLD = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
  static final PDType1Font MONO = new PDType1Font(Standard14Fonts.FontName.COURIER);
  static final PDType1Font SERIF = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);

  /** The sentence on the scanned page and in the PNG. */
  public static final String SCANNED_TEXT = "Scanned pages are read with Tesseract";

  private SampleDocuments() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "docs/samples");
    Files.createDirectories(out);
    report(out.resolve("report.pdf"));
    twoColumns(out.resolve("two-columns.pdf"));
    scanned(out.resolve("scanned.pdf"));
    png(out.resolve("note.png"));
  }

  /** A page writer: text at positions measured from the top left, in points. */
  static final class Page implements AutoCloseable {
    final PDPage page = new PDPage(PDRectangle.LETTER);
    final PDPageContentStream cs;
    final float height = PDRectangle.LETTER.getHeight();

    Page(PDDocument doc) throws IOException {
      doc.addPage(page);
      cs = new PDPageContentStream(doc, page);
    }

    Page text(PDType1Font font, float size, float x, float top, String text) throws IOException {
      cs.beginText();
      cs.setFont(font, size);
      cs.newLineAtOffset(x, height - top);
      cs.showText(text);
      cs.endText();
      return this;
    }

    /** A link annotation over the text just written at (x, top). */
    Page link(PDType1Font font, float size, float x, float top, String text, String uri)
        throws IOException {
      text(font, size, x, top, text);
      PDAnnotationLink link = new PDAnnotationLink();
      float width = font.getStringWidth(text) / 1000 * size;
      link.setRectangle(new PDRectangle(x, height - top - 3, width, size + 3));
      PDActionURI action = new PDActionURI();
      action.setURI(uri);
      link.setAction(action);
      page.getAnnotations().add(link);
      return this;
    }

    @Override
    public void close() throws IOException {
      cs.close();
    }
  }

  static void runningHeaderAndFooter(Page p, int number, int of) throws IOException {
    p.text(REGULAR, 9, 72, 40, "ACME Corporation - Quarterly Report");
    p.text(REGULAR, 9, 290, 760, "Page " + number + " of " + of);
  }

  public static void report(Path file) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      try (Page p = new Page(doc)) {
        runningHeaderAndFooter(p, 1, 2);
        p.text(BOLD, 20, 72, 90, "Quarterly Report");
        p.text(BOLD, 14, 72, 125, "Summary");
        p.text(
            REGULAR, 11, 72, 150, "Revenue grew in every region this quarter, led by strong de-");
        p.text(REGULAR, 11, 72, 164, "mand for our storage products. Costs stayed flat while the");
        p.text(REGULAR, 11, 72, 178, "team shipped three releases on schedule.");
        p.text(REGULAR, 11, 72, 202, "A second paragraph follows after a blank line.");
        p.text(BOLD, 14, 72, 237, "Highlights");
        p.text(REGULAR, 11, 72, 262, "\u2022");
        p.text(REGULAR, 11, 86, 262, "Three new customers in Europe");
        p.text(REGULAR, 11, 86, 276, "-");
        p.text(REGULAR, 11, 100, 276, "Two of them in Germany");
        p.text(REGULAR, 11, 72, 290, "\u2022");
        p.text(REGULAR, 11, 86, 290, "Support tickets down by a third");
        p.text(REGULAR, 11, 72, 314, "1.");
        p.text(REGULAR, 11, 86, 314, "Hire two engineers");
        p.text(REGULAR, 11, 72, 328, "2.");
        p.text(REGULAR, 11, 86, 328, "Open the Berlin office");
        p.text(BOLD, 14, 72, 363, "Results by region");
        String[][] table = {
          {"Region", "Revenue", "Growth"},
          {"Europe", "1,200", "12%"},
          {"Americas", "2,450", "8%"},
          {"Asia", "980", "15%"}
        };
        for (int r = 0; r < table.length; r++) {
          PDType1Font font = r == 0 ? BOLD : REGULAR;
          p.text(font, 11, 72, 390 + 16 * r, table[r][0]);
          p.text(font, 11, 250, 390 + 16 * r, table[r][1]);
          p.text(font, 11, 400, 390 + 16 * r, table[r][2]);
        }
      }
      try (Page p = new Page(doc)) {
        runningHeaderAndFooter(p, 2, 2);
        p.text(BOLD, 14, 72, 90, "Configuration");
        p.text(REGULAR, 11, 72, 115, "The service reads its settings at start:");
        p.text(MONO, 10, 72, 137, "ilios convert report.pdf \\");
        p.text(MONO, 10, 72, 149, "    --out results");
        p.text(REGULAR, 11, 72, 173, "Read more in the guide at");
        p.link(REGULAR, 11, 210, 173, "the Ilios site", "https://example.com/ilios");
        p.text(REGULAR, 11, 280, 173, "before you start.");
      }
      doc.save(file.toFile());
    }
  }

  public static void twoColumns(Path file) throws IOException {
    List<String> left =
        List.of(
            "The left column starts here and",
            "continues for several lines of",
            "ordinary text about the first",
            "topic of this page, which ends",
            "before the right column begins.");
    List<String> right =
        List.of(
            "The right column holds the second",
            "topic and must be read only after",
            "the whole left column, although",
            "its lines sit at the same heights",
            "as the lines on the left.");
    try (PDDocument doc = new PDDocument()) {
      try (Page p = new Page(doc)) {
        p.text(BOLD, 18, 72, 90, "Two Columns");
        for (int i = 0; i < left.size(); i++) {
          p.text(SERIF, 11, 72, 130 + 14 * i, left.get(i));
          p.text(SERIF, 11, 320, 130 + 14 * i, right.get(i));
        }
      }
      doc.save(file.toFile());
    }
  }

  /** An image of text, as a scanner would make it, at 300 dpi. */
  public static BufferedImage scan(String text, int widthPx, int heightPx) {
    BufferedImage img = new BufferedImage(widthPx, heightPx, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, widthPx, heightPx);
    g.setColor(Color.BLACK);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SERIF, Font.PLAIN, 50));
    g.drawString(text, 150, 300);
    g.drawString("The second line of the scan.", 150, 380);
    g.dispose();
    return img;
  }

  public static void scanned(Path file) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.LETTER);
      doc.addPage(page);
      PDImageXObject image = LosslessFactory.createFromImage(doc, scan(SCANNED_TEXT, 2550, 3300));
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.drawImage(image, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
      }
      doc.save(file.toFile());
    }
  }

  public static void png(Path file) throws IOException {
    ImageIO.write(scan(SCANNED_TEXT, 1800, 500), "png", file.toFile());
  }
}
