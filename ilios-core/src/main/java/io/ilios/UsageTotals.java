package io.ilios;

import java.math.BigDecimal;

/**
 * Usage added up over a set of usage records (one record per conversion). Money in exact integer
 * micro-dollars: the totals are the sums of the records' own amounts, to the micro-dollar.
 *
 * @param operations how many conversions
 * @param documents how many distinct documents they converted
 * @param pages pages converted
 * @param inputTokens input tokens counted
 * @param outputTokens output tokens counted
 * @param baseCostMicros the backends' prices, summed
 * @param totalCostMicros the prices with the margin, summed
 */
public record UsageTotals(
    long operations,
    long documents,
    long pages,
    long inputTokens,
    long outputTokens,
    long baseCostMicros,
    long totalCostMicros) {

  /** No usage. */
  public static final UsageTotals NONE = new UsageTotals(0, 0, 0, 0, 0, 0, 0);

  /** The total cost in US dollars, exactly. */
  public BigDecimal totalCostDollars() {
    return BigDecimal.valueOf(totalCostMicros, 6);
  }
}
