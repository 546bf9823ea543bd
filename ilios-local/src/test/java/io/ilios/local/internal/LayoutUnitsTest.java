package io.ilios.local.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The parts of the layout engine on glyphs and rules placed by hand. */
class LayoutUnitsTest {
  /** A line of words at {@code baseline}, 6 points a character, 11-point type. */
  static List<Glyph> words(float x, float baseline, String text, boolean bold, boolean italic) {
    List<Glyph> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      String c = String.valueOf(text.charAt(i));
      out.add(new Glyph(c, x + 6 * i, baseline, 6, 11, bold, italic, false, null));
    }
    return out;
  }

  static List<Glyph> words(float x, float baseline, String text) {
    return words(x, baseline, text, false, false);
  }

  @Test
  void emphasisClosesBeforeTheSpaceAndRunsOnOverTheLineBreak() {
    List<Glyph> glyphs = new ArrayList<>(words(72, 100, "Lightning can strike "));
    glyphs.addAll(words(72 + 6 * 21, 100, "ten", true, false));
    glyphs.addAll(words(72, 114, "kilometres", true, false));
    glyphs.addAll(words(72 + 6 * 11, 114, "ahead, ", false, false));
    glyphs.addAll(words(72 + 6 * 18, 114, "slowly", false, true));
    glyphs.addAll(words(72 + 6 * 24, 114, ".", false, false));
    String md = PageLayout.markdown(glyphs, List.of(), 612, 792, style(glyphs));
    assertThat(md).isEqualTo("Lightning can strike **ten kilometres** ahead, *slowly*.");
  }

  @Test
  void aGridOfRulesMakesOneTableWithMultiLineAndSpanningCells() {
    // Three columns at x 72 | 172 | 272 | 372; rows 100 | 130 | 160 | 190.
    List<Rule> rules = new ArrayList<>();
    for (float y : new float[] {100, 130, 160, 190}) {
      rules.add(new Rule(true, y, 72, 372));
    }
    rules.add(new Rule(false, 72, 100, 190));
    rules.add(new Rule(false, 372, 100, 190));
    rules.add(new Rule(false, 172, 100, 190));
    rules.add(new Rule(false, 272, 100, 130)); // only the header row has this border
    rules.add(new Rule(false, 272, 160, 190));
    List<Glyph> glyphs = new ArrayList<>();
    glyphs.addAll(words(76, 118, "Name"));
    glyphs.addAll(words(176, 118, "Height"));
    glyphs.addAll(words(276, 118, "Status"));
    glyphs.addAll(words(76, 142, "North"));
    glyphs.addAll(words(76, 155, "field")); // a second line in the same cell
    glyphs.addAll(words(176, 148, "spans two columns"));
    glyphs.addAll(words(76, 178, "East"));
    glyphs.addAll(words(176, 178, "45 m"));
    glyphs.addAll(words(276, 178, "Active"));
    String md = PageLayout.markdown(glyphs, rules, 612, 792, style(glyphs));
    assertThat(md)
        .isEqualTo(
            """
            | Name | Height | Status |
            | --- | --- | --- |
            | North field | spans two columns |  |
            | East | 45 m | Active |""");
  }

  @Test
  void rulesAboveBelowAndUnderTheHeaderMakeATableOfItsColumns() {
    List<Rule> rules =
        List.of(
            new Rule(true, 100, 72, 300),
            new Rule(true, 118, 72, 300),
            new Rule(true, 170, 72, 300));
    List<Glyph> glyphs = new ArrayList<>();
    glyphs.addAll(words(72, 112, "Station"));
    glyphs.addAll(words(132, 112, "July"));
    glyphs.addAll(words(200, 112, "Oct"));
    glyphs.addAll(words(72, 132, "North"));
    glyphs.addAll(words(132, 132, "44 mm"));
    glyphs.addAll(words(200, 132, "90 mm"));
    glyphs.addAll(words(72, 146, "East"));
    glyphs.addAll(words(132, 146, "39 mm"));
    glyphs.addAll(words(200, 146, "84 mm"));
    String md = PageLayout.markdown(glyphs, rules, 612, 792, style(glyphs));
    assertThat(md)
        .isEqualTo(
            """
            | Station | July | Oct |
            | --- | --- | --- |
            | North | 44 mm | 90 mm |
            | East | 39 mm | 84 mm |""");
  }

  @Test
  void visualOrderRightToLeftTextIsPutInLogicalOrder() {
    // As a PDF draws it, left to right: the Hebrew words reversed, the number as it is.
    assertThat(RightToLeft.logical("םירפס 6 דע לואשל יאשר יונמ לכ"))
        .isEqualTo("כל מנוי רשאי לשאול עד 6 ספרים");
    assertThat(Lines.letters("ﺔﻋﺎﺴﻟا")).isEqualTo("ةعاسلا"); // shaped forms as letters
    assertThat(Lines.letters("ﬁrst")).isEqualTo("first");
    assertThat(RightToLeft.logical("Ilios 2026")).isEqualTo("Ilios 2026"); // no change
  }

  @Test
  void aTextLayerWithWrongCharactersIsToldByItsWords() {
    assertThat(Garbled.text(lines("The quick brown fox jumps over the lazy dog again and again")))
        .isFalse();
    // A font whose codes map to the wrong letters: words without vowels.
    assertThat(Garbled.text(lines("Wkh txlfn eurzq ira mxpsv ryhu wkh odcb grj djdlq dqg djdlq")))
        .isTrue();
    // Arabic glyphs mapped into Latin Extended: every word mixes two scripts.
    assertThat(Garbled.text(lines("ةĀكتĀÿ' þيÿد اÿاĀÿ ةÿاĀÿ' þÿ Gوÿ þÿ اĀÿ'وÿة أĀĀĀĀÿ' þĀفÿ ÿزن")))
        .isTrue();
    assertThat(Garbled.text(lines("Nous sommes arrivés à Arles un matin d'été après une longue")))
        .isFalse();
    assertThat(Garbled.text(lines("تفتح المكتبة أبوابها كل يوم من الساعة 9 صباحا حتى الساعة 6")))
        .isFalse();
  }

  private static List<TextLine> lines(String text) {
    return Lines.of(words(72, 100, text));
  }

  private static DocumentStyle style(List<Glyph> glyphs) {
    DocumentStyle style = new DocumentStyle();
    style.observe(Lines.of(glyphs), 792);
    style.settle();
    return style;
  }
}
