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
    shapes.operator("m", numbers(0, 0), identity);
    for (int i = 0; i < 2_000_000; i++) {
      shapes.operator("l", numbers(i % 600, i % 3), identity);
    }
    shapes.operator("S", List.of(), identity);
    assertThat(shapes.rules()).isEmpty();
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
    assertThat(shapes.bullets(glyphs)).hasSizeLessThanOrEqualTo(PageShapes.MAX_BULLETS);
  }

  @Test
  void aPageOfThousandsOfRulesIsADrawingNotATable() {
    List<Rule> rules = new ArrayList<>();
    for (int i = 0; i <= RuledTables.MAX_RULES; i++) {
      rules.add(new Rule(i % 2 == 0, 50 + i % 500, 0, 600));
    }
    List<Glyph> glyphs = LayoutUnitsTest.words(72, 100, "some text");
    RuledTables.Result r = RuledTables.find(glyphs, rules);
    assertThat(r.rows()).isEmpty();
    assertThat(r.rest()).isEqualTo(glyphs);
  }
}
