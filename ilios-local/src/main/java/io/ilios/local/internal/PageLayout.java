package io.ilios.local.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout engine every page goes through, whether its glyphs come from a PDF's text layer or
 * from OCR: lines, running headers and footers dropped, columns put in reading order, then Markdown
 * blocks.
 */
public final class PageLayout {
  private PageLayout() {}

  /** One page's Markdown, with what the document's first pass learned. */
  static String markdown(
      List<Glyph> glyphs,
      List<Rule> rules,
      float pageWidth,
      float pageHeight,
      DocumentStyle style) {
    RuledTables.Result tables = RuledTables.find(glyphs, rules);
    List<TextLine> all = Lines.of(tables.rest());
    if (!tables.rows().isEmpty()) {
      all.addAll(tables.rows());
      all.sort(java.util.Comparator.comparingDouble(TextLine::baseline));
    }
    List<TextLine> lines = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      TextLine line = all.get(i);
      boolean running =
          style.isRunning(line, pageHeight)
              || (i == 0 && all.size() > 1 && style.isHeader(line, all.get(1), pageHeight))
              || (i == all.size() - 1
                  && i > 0
                  && style.isFooter(line, all.get(i - 1), pageWidth, pageHeight));
      if (!running) {
        lines.add(line);
      }
    }
    if (lines.isEmpty()) {
      lines = all; // a page of nothing but its header is not blank: its header is its text
    }
    return new PageMarkdown(style).write(ColumnOrder.order(lines));
  }

  /** The Markdown of recognised pages, laid out together (sizes and running lines compared). */
  public static List<String> markdown(List<OcrPage> pages) {
    DocumentStyle style = new DocumentStyle();
    for (OcrPage page : pages) {
      style.observe(Lines.of(page.glyphs()), page.height());
    }
    style.settle();
    List<String> out = new ArrayList<>(pages.size());
    for (OcrPage page : pages) {
      out.add(markdown(page.glyphs(), page.rules(), page.width(), page.height(), style));
    }
    return out;
  }
}
