package io.ilios.spi;

import io.ilios.internal.Checks;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link OcrBackend} produced for one document.
 *
 * @param pages the Markdown of each page, in page order
 * @param model the model or engine that produced it
 * @param inputTokens tokens the backend counted for the input (0 when it does not count)
 * @param outputTokens tokens the backend counted for the output (0 when it does not count)
 */
public record OcrResult(List<String> pages, String model, long inputTokens, long outputTokens) {

  public OcrResult {
    pages = List.copyOf(pages);
    Objects.requireNonNull(model, "model");
    Checks.inRange("inputTokens", inputTokens, 0, Long.MAX_VALUE);
    Checks.inRange("outputTokens", outputTokens, 0, Long.MAX_VALUE);
  }
}
