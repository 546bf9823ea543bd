package io.ilios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Cost arithmetic checked against an independent BigDecimal computation. */
class CostProperties {

  @Property
  void theTotalIsTheBaseWithTheMarginRoundedHalfUp(
      @ForAll @LongRange(min = 0, max = 1_000_000_000_000L) long base,
      @ForAll @IntRange(min = 0, max = 100_000) int margin) {
    BigDecimal expected =
        BigDecimal.valueOf(base)
            .multiply(BigDecimal.ONE.add(BigDecimal.valueOf(margin, 4)))
            .setScale(0, RoundingMode.HALF_UP);
    Cost c = Cost.of(base, margin);
    assertThat(c.totalMicros()).isEqualTo(expected.longValueExact());
    assertThat(c.totalDollars()).isEqualByComparingTo(expected.movePointLeft(6));
  }

  @Property
  void aPriceTableChargesPagesAndTokensExactly(
      @ForAll @IntRange(min = 0, max = 100_000) int pages,
      @ForAll @LongRange(min = 0, max = 10_000_000_000L) long in,
      @ForAll @LongRange(min = 0, max = 10_000_000_000L) long out,
      @ForAll @LongRange(min = 0, max = 100_000) long perPage,
      @ForAll @LongRange(min = 0, max = 100_000_000) long perMillionIn,
      @ForAll @LongRange(min = 0, max = 100_000_000) long perMillionOut,
      @ForAll @IntRange(min = 0, max = 10_000) int margin) {
    PriceTable table =
        PriceTable.builder()
            .price("b", "m", new PriceTable.Price(perPage, perMillionIn, perMillionOut))
            .marginBasisPoints(margin)
            .build();
    BigDecimal million = BigDecimal.valueOf(1_000_000);
    long base =
        BigDecimal.valueOf(pages)
            .multiply(BigDecimal.valueOf(perPage))
            .add(
                BigDecimal.valueOf(in)
                    .multiply(BigDecimal.valueOf(perMillionIn))
                    .divide(million, 0, RoundingMode.HALF_UP))
            .add(
                BigDecimal.valueOf(out)
                    .multiply(BigDecimal.valueOf(perMillionOut))
                    .divide(million, 0, RoundingMode.HALF_UP))
            .longValueExact();
    assertThat(table.cost("b", "m", pages, in, out)).isEqualTo(Cost.of(base, margin));
  }

  @Property
  void withoutMarginCostsAddUpExactlyAcrossDocuments(
      @ForAll @IntRange(min = 0, max = 10_000) int pagesA,
      @ForAll @IntRange(min = 0, max = 10_000) int pagesB) {
    PriceTable free = PriceTable.builder().marginBasisPoints(0).build();
    PriceTable table =
        PriceTable.builder()
            .price("mistral", "*", new PriceTable.Price(1_000, 0, 0))
            .marginBasisPoints(0)
            .build();
    assertThat(
            table.cost("mistral", "x", pagesA, 0, 0).totalMicros()
                + table.cost("mistral", "x", pagesB, 0, 0).totalMicros())
        .isEqualTo(table.cost("mistral", "x", pagesA + pagesB, 0, 0).totalMicros());
    assertThat(free.cost("any", "model", pagesA, 5, 5)).isEqualTo(Cost.ZERO);
  }

  @Example
  void theDefaultsChargeMistralPerPagePlusThirtyPercentAndLocalNothing() {
    PriceTable d = PriceTable.defaults();
    Cost thousandPages = d.cost("mistral", "mistral-ocr-latest", 1_000, 0, 0);
    assertThat(thousandPages.baseMicros()).isEqualTo(1_000_000);
    assertThat(thousandPages.totalDollars()).isEqualByComparingTo("1.30");
    assertThat(d.cost("local", "tesseract", 50, 0, 0)).isEqualTo(Cost.of(0, 3_000));
    assertThat(d.cost("unknown", "model", 50, 0, 0).totalMicros()).isZero();
    assertThat(d.marginBasisPoints()).isEqualTo(3_000);
  }

  @Example
  void badValuesAreRejectedNamingTheField() {
    assertThatThrownBy(() -> PriceTable.builder().marginBasisPoints(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("marginBasisPoints must be between 0 and 100000, was -1");
    assertThatThrownBy(() -> new PriceTable.Price(-5, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("perPage must be between 0 and 1000000000, was -5");
    assertThatThrownBy(() -> new Cost(100, 3_000, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("totalMicros must be baseMicros with the margin, 130, was 100");
  }
}
