package io.ilios;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The Markdown of one converted document, page by page, with what it took to make.
 *
 * @param pages the Markdown of each page, in order
 * @param model the OCR model or engine that produced it
 * @param inputTokens tokens counted for the input (0 when the backend does not count them)
 * @param outputTokens tokens counted for the output
 * @param processingTime how long the backend took
 * @param cost what the conversion cost, from the configured {@link PriceTable}
 */
public record Conversion(
    List<String> pages,
    String model,
    long inputTokens,
    long outputTokens,
    Duration processingTime,
    Cost cost) {

  /** What joins pages in {@link #markdown()}: a blank line. */
  public static final String PAGE_SEPARATOR = "\n\n";

  public Conversion {
    pages = List.copyOf(pages);
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(processingTime, "processingTime");
    Objects.requireNonNull(cost, "cost");
  }

  /** The whole document: pages joined by {@link #PAGE_SEPARATOR}. */
  public String markdown() {
    return String.join(PAGE_SEPARATOR, pages);
  }
}
