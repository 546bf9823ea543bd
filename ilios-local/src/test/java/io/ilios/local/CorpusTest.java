package io.ilios.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed quality corpus ({@code quality/}): Markdown sources rendered by Chromium,
 * Ghostscript, LibreOffice and pdfTeX, and scans made from them. Each output must hold the source's
 * structure: its headings as headings, list items as items, table cells in table rows, code lines
 * in code blocks, emphasis as emphasis. The elements are read from the source here with a few
 * regular expressions of the test's own (the full scorer is {@code quality/score.py}); the
 * converter's code is not used to judge it.
 */
class CorpusTest {
  static final Path CORPUS = Path.of("..", "quality");

  @TempDir static Path dir;
  static LocalConverter local;

  @BeforeAll
  static void start() {
    local = LocalConverter.builder().dataDirectory(dir.resolve("data")).build();
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  static Stream<Path> bornDigital() throws IOException {
    return files(CORPUS.resolve("corpus/pdf"));
  }

  static Stream<Path> scans() throws IOException {
    return files(CORPUS.resolve("corpus/test-scans"));
  }

  private static Stream<Path> files(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("bornDigital")
  void bornDigitalPdfsKeepTheirStructure(Path pdf) throws Exception {
    Elements source = source(pdf);
    Elements out = Elements.of(convert(pdf));
    String name = pdf.getFileName().toString();
    if (name.startsWith("rtl.ghostscript")) {
      // Ghostscript drops this font's Unicode map: the layer is garbled and goes to OCR, which
      // reads no Arabic script with English data. It must not come out as the garbled letters.
      assertThat(out.text).doesNotContain("ÿ");
      return;
    }
    List<String> headings = new ArrayList<>(source.headings);
    if (name.startsWith("headings.latex")) {
      // LaTeX sets level-4 headings run in, bold at the start of their paragraph: so they stay.
      headings.removeAll(RUN_IN);
      assertThat(out.emphasis).as(name).containsAll(RUN_IN);
    }
    assertThat(out.headings).as(name).containsAll(headings);
    assertThat(out.items).as(name).containsAll(source.items);
    assertThat(out.cells).as(name).containsAll(wideTableAside(name, source.cells));
    assertThat(out.code).as(name).containsAll(source.code);
    assertThat(out.emphasis).as(name).containsAll(source.emphasis);
    assertThat(out.text).as(name).doesNotContain("ilios quality corpus").doesNotContain("page 1");
  }

  @ParameterizedTest
  @MethodSource("scans")
  void scansGetHeadingsListsTablesAndCode(Path scan) throws Exception {
    Elements source = source(scan);
    Elements out = Elements.of(convert(scan));
    String name = scan.getFileName().toString();
    // OCR misreads a letter here and there: most, not all, elements must be found.
    assertThat(share(source.headings, out.headings)).as(name + " headings").isGreaterThan(0.7);
    assertThat(share(source.items, out.items)).as(name + " list items").isGreaterThan(0.7);
    assertThat(share(source.cells, out.cells)).as(name + " table cells").isGreaterThan(0.7);
    assertThat(share(source.code, out.code)).as(name + " code lines").isGreaterThan(0.7);
    assertThat(out.text).as(name).doesNotContain("quality corpus");
  }

  @Test
  void twoColumnScansAreReadColumnByColumn() throws Exception {
    String text = Elements.of(convert(CORPUS.resolve("corpus/test-scans/twocolumn.png"))).text;
    int junior = text.indexOf("the junior squad deserves special mention");
    int repairs = text.indexOf("repairs to the landing stage were finished");
    int summer = text.indexOf("the summer programme includes two open days");
    assertThat(junior).isPositive();
    assertThat(repairs).isGreaterThan(junior);
    assertThat(summer).isGreaterThan(repairs); // the right column comes after the whole left one
  }

  @Test
  void boldAndItalicAreReadFromTheStrokesOfAScan() throws Exception {
    Elements out = Elements.of(convert(CORPUS.resolve("corpus/test-scans/headings.png")));
    assertThat(out.emphasis).contains("warning signs", "ten kilometres", "taller than it is wide");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {90, 180, 270})
  void pagesScannedSidewaysOrUpsideDownAreTurned(int degrees) throws Exception {
    BufferedImage page = ImageIO.read(CORPUS.resolve("corpus/test-scans/headings.png").toFile());
    boolean quarter = degrees % 180 != 0;
    int w = quarter ? page.getHeight() : page.getWidth();
    int h = quarter ? page.getWidth() : page.getHeight();
    BufferedImage turned = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = turned.createGraphics();
    g.rotate(Math.toRadians(degrees), w / 2.0, h / 2.0); // clockwise, about the centre
    g.drawImage(page, (w - page.getWidth()) / 2, (h - page.getHeight()) / 2, null);
    g.dispose();
    Path file = dir.resolve("turned-" + degrees + ".png");
    ImageIO.write(turned, "png", file.toFile());
    Elements out = Elements.of(convert(file));
    assertThat(out.headings).contains("field guide to mountain weather", "clouds", "wind");
    assertThat(out.text).contains("mountains make their own weather");
  }

  @Test
  void aPdfOfTextPagesScannedPagesAndAGarbledLayerIsReadPageByPage() throws Exception {
    Path mixed = dir.resolve("mixed.pdf");
    try (PDDocument text = Loader.loadPDF(CORPUS.resolve("corpus/pdf/prose.latex.pdf").toFile());
        PDDocument doc = new PDDocument()) {
      doc.importPage(text.getPage(0)); // 1: a text layer
      for (String image : List.of("headings.png", "code.png")) { // 2: a scan; 3: mislabelled
        boolean garbled = image.equals("code.png");
        PDImageXObject scan =
            PDImageXObject.createFromFile(
                CORPUS.resolve("corpus/test-scans/" + image).toString(), doc);
        PDPage page = new PDPage(PDRectangle.LETTER);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.drawImage(scan, 0, 0, PDRectangle.LETTER.getWidth(), PDRectangle.LETTER.getHeight());
          if (garbled) {
            // A text layer whose characters are wrong (as from a font with a bad ToUnicode map),
            // invisible over the image, as scanners' own OCR layers are.
            cs.beginText();
            cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
            cs.setRenderingMode(RenderingMode.NEITHER);
            cs.newLineAtOffset(72, 700);
            cs.showText("Uhdglqj d Frqiljxudwlrq Iloh Prvw frppdqg olqh wrrov uhdg wkhlu");
            cs.endText();
          }
        }
      }
      doc.save(mixed.toFile());
    }
    List<String> pages = local.convert(Inputs.of(mixed, dir.resolve("tmp"))).pages();
    assertThat(pages).hasSize(3);
    assertThat(pages.get(0)).startsWith("# Harbour Renewal Plan");
    assertThat(pages.get(1)).startsWith("# Field Guide to Mountain Weather");
    assertThat(pages.get(2)).startsWith("# Reading a Configuration File").doesNotContain("Uhdg");
  }

  @Test
  void theDarkBorderOfAScanIsNotReadAsText() throws Exception {
    BufferedImage page = ImageIO.read(CORPUS.resolve("corpus/test-scans/headings.png").toFile());
    int w = page.getWidth();
    int h = page.getHeight();
    BufferedImage framed = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = framed.createGraphics();
    g.drawImage(page, 0, 0, null);
    // The scanner lid's shadow: dark, mottled bands down the sides and along the top, with
    // ragged inner edges (a copier's border, not a clean frame).
    g.setColor(java.awt.Color.BLACK);
    java.util.Random random = new java.util.Random(7);
    for (int y = 0; y < h; y += 3) {
      g.fillRect(0, y, 50 + random.nextInt(40), 3);
      g.fillRect(w - 30 - random.nextInt(30), y, 60, 3);
    }
    for (int x = 0; x < w; x += 3) {
      g.fillRect(x, 0, 3, 30 + random.nextInt(45));
    }
    g.setColor(java.awt.Color.WHITE);
    for (int i = 0; i < 4000; i++) {
      g.fillRect(random.nextInt(90), random.nextInt(h), 2, 2); // light flecks in the shadow
    }
    g.dispose();
    Path file = dir.resolve("framed.png");
    ImageIO.write(framed, "png", file.toFile());
    String md = convert(file);
    Elements out = Elements.of(md);
    assertThat(out.headings).contains("field guide to mountain weather", "clouds", "wind");
    assertThat(out.text).contains("mountains make their own weather");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"links.chromium.pdf", "links.ghostscript.pdf", "links.libreoffice.pdf"})
  void quotesSetInFromTheTextAroundThemAreQuotes(String name) throws Exception {
    String md = convert(CORPUS.resolve("corpus/pdf/" + name));
    assertThat(md)
        .contains("\n> A map is not the territory it represents")
        .contains("\n> Always check the date printed in the margin")
        .doesNotContain("> Old maps are historical documents");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"links.latex.pdf", "links.libreoffice.pdf", "links.pdfbox.pdf"})
  void footnotesAtThePageFootBecomeMarkdownFootnotes(String name) throws Exception {
    String md = convert(CORPUS.resolve("corpus/pdf/" + name));
    assertThat(md)
        .contains("\n[^1]: Barometric heights could be wrong by more than fifty metres.")
        .contains("\n[^2]: Parish records are the best guide to the older spellings.");
    if (!name.contains("pdfbox")) { // the PDFBox typesetter prints no marks in the text
      assertThat(md).contains("changed with the weather.[^1]").contains("twenty years apart.[^2]");
    }
  }

  @Test
  void rightToLeftTextComesOutInLogicalOrder() throws Exception {
    String md = convert(CORPUS.resolve("corpus/pdf/rtl.chromium.pdf"));
    assertThat(md)
        .contains("# دليل المكتبة العامة")
        .contains("يمكن لكل عضو أن يستعير 5 كتب لمدة 14 يوما.")
        .contains("## الاستعارة") // the lam-alef ligature as lam, then alef
        .contains("כל מנוי רשאי לשאול עד 6 ספרים לתקופה של 21 יום.")
        .contains("هر عضو می")
        .doesNotContain("\uFEFB");
  }

  static final List<String> RUN_IN = List.of("anvil tops", "gusts on ridges");

  /** LibreOffice wraps the words of the wide table's narrow cells: those cells are not whole. */
  private static List<String> wideTableAside(String name, List<String> cells) {
    return name.startsWith("tables.libreoffice") ? cells.subList(0, 25) : cells;
  }

  private static double share(List<String> expected, List<String> found) {
    if (expected.isEmpty()) {
      return 1;
    }
    // OCR often drops the space in "82 mm": compared without spaces.
    List<String> left = new ArrayList<>();
    found.forEach(f -> left.add(f.replace(" ", "")));
    int hits = 0;
    for (String e : expected) {
      if (left.remove(e.replace(" ", ""))) {
        hits++;
      }
    }
    return hits / (double) expected.size();
  }

  private static Elements source(Path file) throws IOException {
    String kind = file.getFileName().toString().split("\\.")[0];
    return Elements.of(Files.readString(CORPUS.resolve("sources/" + kind + ".md")));
  }

  private static String convert(Path file) throws Exception {
    return String.join("\n\n", local.convert(Inputs.of(file, dir.resolve("tmp"))).pages());
  }

  /** The elements of a Markdown text, normalised: lower case, spaces and quotes made plain. */
  static final class Elements {
    static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+)$");
    static final Pattern ITEM = Pattern.compile("(?m)^ *(?:[-*+]|\\d+[.)]) +(.+)$");
    static final Pattern ROW = Pattern.compile("(?m)^\\|(.+)\\|$");
    static final Pattern FENCE = Pattern.compile("(?ms)^```[^\\n]*\\n(.*?)^```");
    static final Pattern EMPHASIS = Pattern.compile("(\\*\\*?)([^*\\s][^*]*?)\\1");

    final List<String> headings = new ArrayList<>();
    final List<String> items = new ArrayList<>();
    final List<String> cells = new ArrayList<>();
    final List<String> code = new ArrayList<>();
    final List<String> emphasis = new ArrayList<>();
    String text;

    static Elements of(String markdown) {
      Elements e = new Elements();
      String md = markdown.replaceAll("\\[\\^\\d+\\]", "");
      collect(HEADING, md, e.headings);
      collect(ITEM, md, e.items);
      Matcher rows = ROW.matcher(md);
      while (rows.find()) {
        for (String cell : rows.group(1).split("(?<!\\\\)\\|")) {
          if (!cell.isBlank() && !cell.strip().matches(":?-{3,}:?")) {
            e.cells.add(norm(cell));
          }
        }
      }
      Matcher fences = FENCE.matcher(md);
      while (fences.find()) {
        for (String line : fences.group(1).split("\n")) {
          if (!line.isBlank()) {
            e.code.add(line.strip().replaceAll("\\s+", " "));
          }
        }
      }
      for (String line : md.split("\n")) {
        if (!line.startsWith("#")) {
          Matcher m = EMPHASIS.matcher(line);
          while (m.find()) {
            e.emphasis.add(norm(m.group(2)));
          }
        }
      }
      e.text = norm(md.replaceAll("[*#|`>\\\\]", " "));
      return e;
    }

    private static void collect(Pattern p, String md, List<String> into) {
      Matcher m = p.matcher(md);
      while (m.find()) {
        into.add(norm(m.group(1)));
      }
    }

    static String norm(String s) {
      String plain =
          Normalizer.normalize(s, Normalizer.Form.NFKC)
              .replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
              .replaceAll("\\*+", "")
              .replace("\\", "")
              .replace('’', '\'')
              .replace('‘', '\'');
      return plain.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
  }
}
