package io.ilios;

import io.ilios.internal.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one conversion took and cost.
 *
 * @param model the OCR model or engine that produced the Markdown
 * @param pages how many pages were converted
 * @param processingTime how long the backend took
 * @param inputTokens tokens counted for the input (0 when the backend does not count them)
 * @param outputTokens tokens counted for the output
 * @param cost the price of the conversion from the configured {@link PriceTable}
 * @param pageTimes how long each page took, in page order, when the backend reports it
 */
public record ConversionMetadata(
    String model,
    int pages,
    Duration processingTime,
    long inputTokens,
    long outputTokens,
    Cost cost,
    List<Duration> pageTimes) {

  public ConversionMetadata {
    Objects.requireNonNull(model, "model");
    Checks.inRange("pages", pages, 0, Integer.MAX_VALUE);
    Objects.requireNonNull(processingTime, "processingTime");
    Checks.inRange("inputTokens", inputTokens, 0, Long.MAX_VALUE);
    Checks.inRange("outputTokens", outputTokens, 0, Long.MAX_VALUE);
    Objects.requireNonNull(cost, "cost");
    pageTimes = List.copyOf(pageTimes);
  }
}
