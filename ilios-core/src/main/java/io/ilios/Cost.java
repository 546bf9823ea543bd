package io.ilios;

import io.ilios.internal.Checks;
import java.math.BigDecimal;

/**
 * What one conversion costs, in exact integer micro-dollars (1 USD = 1,000,000). Never a {@code
 * double}: sums of costs add up exactly.
 *
 * @param baseMicros the backend's price for the work
 * @param marginBasisPoints the margin added on top, in hundredths of a percent (3000 = 30 %)
 * @param totalMicros {@code baseMicros × (1 + margin)}, rounded half up to a micro-dollar
 */
public record Cost(long baseMicros, int marginBasisPoints, long totalMicros) {
  /** No cost: what the local backend charges. */
  public static final Cost ZERO = new Cost(0, 0, 0);

  public Cost {
    Checks.inRange("baseMicros", baseMicros, 0, Long.MAX_VALUE / 100_000);
    Checks.inRange("marginBasisPoints", marginBasisPoints, 0, 100_000);
    if (totalMicros != withMargin(baseMicros, marginBasisPoints)) {
      throw new IllegalArgumentException(
          "totalMicros must be baseMicros with the margin, "
              + withMargin(baseMicros, marginBasisPoints)
              + ", was "
              + totalMicros);
    }
  }

  /** The cost of {@code baseMicros} with a margin of {@code marginBasisPoints}. */
  public static Cost of(long baseMicros, int marginBasisPoints) {
    return new Cost(baseMicros, marginBasisPoints, withMargin(baseMicros, marginBasisPoints));
  }

  /** {@code base + base × margin / 10,000}, the margin part rounded half up. */
  static long withMargin(long baseMicros, int marginBasisPoints) {
    return baseMicros + (baseMicros * marginBasisPoints + 5_000) / 10_000;
  }

  /** The total in US dollars, exactly. */
  public BigDecimal totalDollars() {
    return BigDecimal.valueOf(totalMicros, 6);
  }
}
