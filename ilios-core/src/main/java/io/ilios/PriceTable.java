package io.ilios;

import io.ilios.internal.Checks;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Prices per OCR backend and model, and the margin added on top. Prices are in integer
 * micro-dollars: per page, and per million input and output tokens. A model without an entry is
 * priced by its backend's {@code "*"} entry, and at zero when there is none. Immutable and
 * thread-safe.
 *
 * <p>Defaults ({@link #defaults()}): {@code local} costs nothing; {@code mistral} / {@code
 * mistral-ocr-latest} (and any other Mistral OCR model) costs 1,000 micro-dollars (USD 0.001) per
 * page, Mistral's published OCR price of USD 1 per 1,000 pages; margin {@value
 * #DEFAULT_MARGIN_BASIS_POINTS} basis points (30 %).
 */
public final class PriceTable {
  /** The default margin: 30 %. */
  public static final int DEFAULT_MARGIN_BASIS_POINTS = 3_000;

  /** What one backend/model costs. All in micro-dollars, all at least 0. */
  public record Price(long perPage, long perMillionInputTokens, long perMillionOutputTokens) {
    public static final Price FREE = new Price(0, 0, 0);

    public Price {
      Checks.inRange("perPage", perPage, 0, 1_000_000_000);
      Checks.inRange("perMillionInputTokens", perMillionInputTokens, 0, 1_000_000_000_000L);
      Checks.inRange("perMillionOutputTokens", perMillionOutputTokens, 0, 1_000_000_000_000L);
    }
  }

  private static final PriceTable DEFAULTS =
      builder()
          .price("local", "*", Price.FREE)
          .price("mistral", "mistral-ocr-latest", new Price(1_000, 0, 0))
          // Mistral answers with the dated model behind "latest" (mistral-ocr-2512, …).
          .price("mistral", "*", new Price(1_000, 0, 0))
          .build();

  private final Map<String, Price> prices;
  private final int marginBasisPoints;

  private PriceTable(Builder b) {
    this.prices = Map.copyOf(b.prices);
    this.marginBasisPoints = b.marginBasisPoints;
  }

  /** The documented defaults. */
  public static PriceTable defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this table's prices and margin, to change a few of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.prices.putAll(prices);
    b.marginBasisPoints = marginBasisPoints;
    return b;
  }

  /** The margin in basis points (hundredths of a percent). */
  public int marginBasisPoints() {
    return marginBasisPoints;
  }

  /** The price of a backend's model (its backend's {@code "*"} entry, or free, if none). */
  public Price price(String backend, String model) {
    Price p = prices.get(key(backend, model));
    if (p == null) {
      p = prices.get(key(backend, "*"));
    }
    return p == null ? Price.FREE : p;
  }

  /**
   * What a conversion costs: pages and tokens at the model's price, token prices rounded half up to
   * a micro-dollar, then the margin.
   */
  public Cost cost(String backend, String model, long pages, long inputTokens, long outputTokens) {
    Checks.inRange("pages", pages, 0, Integer.MAX_VALUE);
    Checks.inRange("inputTokens", inputTokens, 0, 1_000_000_000_000L);
    Checks.inRange("outputTokens", outputTokens, 0, 1_000_000_000_000L);
    Price p = price(backend, model);
    long base =
        Math.addExact(
            Math.multiplyExact(pages, p.perPage()),
            perMillion(inputTokens, p.perMillionInputTokens())
                + perMillion(outputTokens, p.perMillionOutputTokens()));
    return Cost.of(base, marginBasisPoints);
  }

  private static long perMillion(long tokens, long microsPerMillion) {
    return java.math.BigInteger.valueOf(tokens)
        .multiply(java.math.BigInteger.valueOf(microsPerMillion))
        .add(java.math.BigInteger.valueOf(500_000))
        .divide(java.math.BigInteger.valueOf(1_000_000))
        .longValueExact();
  }

  private static String key(String backend, String model) {
    return backend + "\u0000" + model;
  }

  /** Builds a {@link PriceTable}; starts empty with the default margin. */
  public static final class Builder {
    private final Map<String, Price> prices = new HashMap<>();
    private int marginBasisPoints = DEFAULT_MARGIN_BASIS_POINTS;

    private Builder() {}

    /** Sets the price of {@code model} on {@code backend}; model {@code "*"} is the fallback. */
    public Builder price(String backend, String model, Price price) {
      prices.put(
          key(Objects.requireNonNull(backend, "backend"), Objects.requireNonNull(model, "model")),
          Objects.requireNonNull(price, "price"));
      return this;
    }

    /** The margin in basis points, 0–100,000 (0–1,000 %). Default 3,000 (30 %). */
    public Builder marginBasisPoints(int basisPoints) {
      this.marginBasisPoints = Checks.inRange("marginBasisPoints", basisPoints, 0, 100_000);
      return this;
    }

    public PriceTable build() {
      return new PriceTable(this);
    }
  }
}
