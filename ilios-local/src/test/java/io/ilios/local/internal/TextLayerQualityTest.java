package io.ilios.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which text layers are used and which pages go to OCR instead. */
class TextLayerQualityTest {
  static List<Glyph> glyphs(String text) {
    List<Glyph> out = new ArrayList<>();
    float x = 72;
    for (int i = 0; i < text.length(); i++) {
      out.add(Glyph.of(String.valueOf(text.charAt(i)), x, 100, 6, 11, false, false));
      x += 6;
    }
    return out;
  }

  @Test
  void aReadableTextLayerIsUsed() {
    assertThat(PdfConversion.needsOcr(glyphs("A readable line of text."))).isFalse();
  }

  @Test
  void aPageWithAlmostNoTextIsTreatedAsAScan() {
    assertThat(PdfConversion.needsOcr(glyphs(""))).isTrue();
    assertThat(PdfConversion.needsOcr(glyphs("p. 3"))).isTrue();
  }

  @Test
  void aGarbledTextLayerIsRecognisedAgain() {
    // Glyphs without a Unicode mapping come out as U+FFFD; private-use code points are as bad.
    assertThat(PdfConversion.needsOcr(glyphs("\uFFFD\uFFFD\uFFFD\uFFFDab\uFFFD\uFFFD\uFFFD\uFFFD")))
        .isTrue();
    assertThat(PdfConversion.needsOcr(glyphs("\uE001\uE002\uE003\uE004 \uE005\uE006text")))
        .isTrue();
    // A few odd glyphs in real text are not enough.
    assertThat(PdfConversion.needsOcr(glyphs("Plenty of good text with one \uFFFD glyph")))
        .isFalse();
  }
}
