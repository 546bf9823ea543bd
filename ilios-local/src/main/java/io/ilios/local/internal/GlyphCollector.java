package io.ilios.local.internal;

import io.ilios.InvalidDocumentException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageTree;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.pdmodel.interactive.action.PDAction;
import org.apache.pdfbox.pdmodel.interactive.action.PDActionURI;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationLink;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Collects the glyphs of one page, with font style and the link each one lies under. Reads only the
 * page asked for (PDFTextStripper alone walks the whole page tree for every page, which makes a
 * document quadratic in its pages), and stops within the page when its thread is interrupted.
 */
final class GlyphCollector extends PDFTextStripper {
  private record LinkArea(float left, float top, float right, float bottom, String uri) {}

  /**
   * The most characters one page may draw. A real page has a few thousand; a page drawing millions
   * is built to exhaust the heap, and is refused.
   */
  static final int MAX_GLYPHS_PER_PAGE = 200_000;

  /** TeX's typewriter faces: upright, slanted and italic. */
  private static final java.util.regex.Pattern TEX_TYPEWRITER =
      java.util.regex.Pattern.compile("cm[a-z]*tt\\d");

  /** Operators run between two looks at the interrupt flag. */
  private static final int CHECK_EVERY = 256;

  private final List<Glyph> glyphs = new ArrayList<>();
  private final PageShapes shapes = new PageShapes();
  private PDPage target;
  private int operators;

  private final String fileName;

  /** Collects glyphs of {@code fileName}, named in errors. */
  GlyphCollector(String fileName) throws IOException {
    this.fileName = fileName;
  }

  /**
   * The glyphs of {@code page}, in content-stream order, and list bullets drawn as dots; its ruling
   * lines are then in {@link #rules()}.
   */
  List<Glyph> collect(PDDocument doc, PDPage page) throws IOException {
    glyphs.clear();
    shapes.reset(page.getCropBox());
    target = page;
    // processPages below never moves the stripper's page counter: make it the only page in range.
    setStartPage(getCurrentPageNo());
    setEndPage(getCurrentPageNo());
    getText(doc); // runs the page's content through processTextPosition below
    glyphs.addAll(shapes.bullets(glyphs));
    List<LinkArea> links = links(page);
    if (links.isEmpty()) {
      return new ArrayList<>(glyphs);
    }
    List<Glyph> linked = new ArrayList<>(glyphs.size());
    for (Glyph g : glyphs) {
      linked.add(g.withLink(linkAt(links, g)));
    }
    return linked;
  }

  @Override
  protected void processPages(PDPageTree pages) throws IOException {
    if (target.hasContents()) {
      processPage(target);
    }
  }

  @Override
  protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
    if (++operators % CHECK_EVERY == 0 && Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("text extraction interrupted");
    }
    shapes.operator(
        operator.getName(), operands, getGraphicsState().getCurrentTransformationMatrix());
    super.processOperator(operator, operands);
  }

  /** The ruling lines of the page last collected. */
  List<Rule> rules() {
    return shapes.rules();
  }

  @Override
  protected void processTextPosition(TextPosition t) {
    if (glyphs.size() >= MAX_GLYPHS_PER_PAGE) {
      throw new InvalidDocumentException(
          fileName + " draws more than " + MAX_GLYPHS_PER_PAGE + " characters on one page");
    }
    String unicode = t.getUnicode();
    if (unicode == null || unicode.isEmpty()) {
      unicode = "\uFFFD"; // a glyph with no Unicode mapping: counted as garbled
    }
    PDFont font = t.getFont();
    String name = font == null || font.getName() == null ? "" : font.getName();
    PDFontDescriptor d = font == null ? null : font.getFontDescriptor();
    String lower = name.toLowerCase(Locale.ROOT);
    boolean bold =
        lower.contains("bold")
            || lower.contains("cmbx") // TeX's Computer Modern bold extended
            || lower.contains("black")
            || lower.contains("heavy")
            || (d != null && (d.getFontWeight() >= 600 || d.isForceBold()));
    boolean italic =
        lower.contains("italic")
            || lower.contains("oblique")
            || lower.contains("cmti") // Computer Modern text italic
            || lower.contains("cmsl")
            || (d != null && (d.isItalic() || Math.abs(d.getItalicAngle()) > 3));
    boolean mono =
        lower.contains("courier")
            || lower.contains("mono")
            || TEX_TYPEWRITER.matcher(lower).find() // cmtt, cmsltt, cmitt
            || lower.contains("typewriter")
            || lower.contains("consol")
            || (d != null && d.isFixedPitch());
    glyphs.add(
        new Glyph(
            unicode,
            t.getXDirAdj(),
            t.getYDirAdj(),
            t.getWidthDirAdj(),
            size(t),
            bold,
            italic,
            mono,
            null));
  }

  /**
   * The font size on the page: the text rendering matrix's vertical scale. (PDFBox's own {@code
   * getFontSizeInPt} is truncated to whole points, so 9.96 pt text comes out as 9 or 10.)
   */
  private static float size(TextPosition t) {
    float size = Math.abs(t.getTextMatrix().getScalingFactorY());
    return Math.max(1f, size > 0 ? size : t.getFontSizeInPt());
  }

  private static List<LinkArea> links(PDPage page) throws IOException {
    List<LinkArea> areas = new ArrayList<>();
    PDRectangle box = page.getCropBox();
    for (PDAnnotation a : page.getAnnotations()) {
      if (!(a instanceof PDAnnotationLink link)) {
        continue;
      }
      PDAction action = link.getAction();
      if (!(action instanceof PDActionURI uri) || !Markdown.isSafeLink(uri.getURI())) {
        continue; // no link, or one whose target must not become a Markdown link
      }
      PDRectangle r = link.getRectangle();
      if (r == null) {
        continue;
      }
      // Annotations use PDF space (origin bottom left); glyphs use top-left origin.
      float top = box.getUpperRightY() - r.getUpperRightY();
      float bottom = box.getUpperRightY() - r.getLowerLeftY();
      areas.add(
          new LinkArea(
              r.getLowerLeftX() - box.getLowerLeftX(),
              top,
              r.getUpperRightX() - box.getLowerLeftX(),
              bottom,
              uri.getURI()));
    }
    return areas;
  }

  private static String linkAt(List<LinkArea> links, Glyph g) {
    float cx = g.x() + g.width() / 2;
    float cy = g.baseline() - g.size() / 3;
    for (LinkArea a : links) {
      if (cx >= a.left() && cx <= a.right() && cy >= a.top() - 1 && cy <= a.bottom() + 1) {
        return a.uri();
      }
    }
    return null;
  }
}
