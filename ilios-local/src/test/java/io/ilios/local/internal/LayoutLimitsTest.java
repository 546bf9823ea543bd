package io.ilios.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.util.Matrix;
import org.junit.jupiter.api.Test;

/**
 * A page built to make the layout engine work without end (a million paths, thousands of rules,
 * tens of thousands of dots beside every glyph) is bounded by counts, not by the machine's time.
 */
class LayoutLimitsTest {
  private static List<COSBase> numbers(float... values) {
    List<COSBase> out = new ArrayList<>();
    for (float v : values) {
      out.add(new COSFloat(v));
    }
    return out;
  }

  @Test
  void aMillionPathsKeepAtMostTheShapeLimit() {
    PageShapes shapes = new PageShapes();
    shapes.reset(PDRectangle.LETTER);
    Matrix identity = new Matrix();
    for (int i = 0; i < 1_000_000; i++) {
      float y = i % 700;
      shapes.operator("re", numbers(10, y, 300, 0.5f), identity); // a thin rule
      shapes.operator("f", List.of(), identity);
    }
    assertThat(shapes.rules()).hasSize(PageShapes.MAX_SHAPES);
  }

  @Test
  void onePathOfMillionsOfSegmentsIsNotLookedAt() {
    PageShapes shapes = new PageShapes();
    shapes.reset(PDRectangle.LETTER);
    Matrix identity = new Matrix();
    // A stroked zigzag of long horizontal strokes: each stroke alone would be a rule.
    shapes.operator("m", numbers(0, 0), identity);
    for (int i = 0; i < 2_000_000; i++) {
      float y = (i / 2) % 700;
      shapes.operator("l", numbers(i % 2 == 0 ? 500 : 0, y), identity);
      shapes.operator("l", numbers(i % 2 == 0 ? 500 : 0, y + 1), identity);
    }
    shapes.operator("S", List.of(), identity);
    assertThat(shapes.rules()).isEmpty();
    // The same strokes as a short path are rules: it is the length that leaves them out.
    shapes.operator("m", numbers(0, 10), identity);
    shapes.operator("l", numbers(500, 10), identity);
    shapes.operator("S", List.of(), identity);
    assertThat(shapes.rules()).hasSize(1);
  }

  @Test
  void dotsBesideEveryGlyphMakeAtMostTheBulletLimit() {
    PageShapes shapes = new PageShapes();
    shapes.reset(PDRectangle.LETTER);
    Matrix identity = new Matrix();
    for (int i = 0; i < 10_000; i++) {
      float y = 792 - 100 - (i % 50) * 12; // dots in 50 rows, each just left of a line's text
      shapes.operator("re", numbers(60, y + 3, 3, 3), identity);
      shapes.operator("f", List.of(), identity);
    }
    List<Glyph> glyphs = new ArrayList<>();
    for (int row = 0; row < 50; row++) {
      for (int k = 0; k < 2_000; k++) {
        glyphs.add(Glyph.of("x", 66 + k * 0.01f, 100 + row * 12, 5, 10, false, false));
      }
    }
    // Every dot stands before text: exactly the limit becomes bullets, the rest are not looked at.
    assertThat(shapes.bullets(glyphs)).hasSize(PageShapes.MAX_BULLETS);
  }

  @Test
  void aPageOfThousandsOfRulesIsADrawingNotATable() {
    List<Glyph> glyphs = new ArrayList<>(LayoutUnitsTest.words(72, 98, "some text"));
    glyphs.addAll(LayoutUnitsTest.words(72, 118, "more text"));
    // A fine grid over the text: a table while it is small, a drawing past the limit.
    List<Rule> grid = new ArrayList<>();
    for (int i = 0; grid.size() <= RuledTables.MAX_RULES; i++) {
      grid.add(new Rule(true, 50 + i * 10, 40, 640));
      grid.add(new Rule(false, 40 + i * 10, 50, 650));
    }
    assertThat(RuledTables.find(glyphs, grid.subList(0, 122)).rows()).isNotEmpty();
    RuledTables.Result r = RuledTables.find(glyphs, grid);
    assertThat(r.rows()).isEmpty();
    assertThat(r.rest()).isEqualTo(glyphs);
  }
}
