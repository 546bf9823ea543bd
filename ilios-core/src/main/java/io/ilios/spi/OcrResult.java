package io.ilios.spi;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link OcrBackend} produced for one document.
 *
 * @param pages the Markdown of each page, in page order
 * @param model the model or engine that produced it
 * @param inputTokens tokens the backend counted for the input (0 when it does not count)
 * @param outputTokens tokens the backend counted for the output (0 when it does not count)
 * @param pageTimes how long each page took, in page order; empty when the backend does not say
 */
public record OcrResult(
    List<String> pages,
    String model,
    long inputTokens,
    long outputTokens,
    List<Duration> pageTimes) {

  public OcrResult {
    pages = List.copyOf(pages);
    pageTimes = List.copyOf(pageTimes);
    if (!pageTimes.isEmpty() && pageTimes.size() != pages.size()) {
      throw new IllegalArgumentException(
          "pageTimes must be empty or one per page: "
              + pageTimes.size()
              + " times for "
              + pages.size()
              + " pages");
    }
    Objects.requireNonNull(model, "model");
    if (inputTokens < 0 || outputTokens < 0) {
      throw new IllegalArgumentException(
          "token counts must not be negative, were " + inputTokens + " and " + outputTokens);
    }
  }

  /** A result without page timings. */
  public OcrResult(List<String> pages, String model, long inputTokens, long outputTokens) {
    this(pages, model, inputTokens, outputTokens, List.of());
  }
}
