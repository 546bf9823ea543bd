package io.ilios;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PriceTableTest {
  @Test
  void aCopyKeepsEveryPriceAndTheMarginUntilChanged() {
    PriceTable table =
        PriceTable.defaults().toBuilder()
            .price("mistral", "mistral-ocr-2512", new PriceTable.Price(2_000, 0, 0))
            .build();
    assertThat(table.price("mistral", "mistral-ocr-2512").perPage()).isEqualTo(2_000);
    assertThat(table.price("mistral", "mistral-ocr-latest").perPage()).isEqualTo(1_000);
    assertThat(table.price("mistral", "other").perPage()).isEqualTo(1_000);
    assertThat(table.marginBasisPoints()).isEqualTo(PriceTable.DEFAULT_MARGIN_BASIS_POINTS);
    assertThat(PriceTable.defaults().price("mistral", "mistral-ocr-2512").perPage())
        .as("the defaults are untouched")
        .isEqualTo(1_000);
  }
}
