package io.ilios.spi;

import io.ilios.OcrException;
import java.util.Set;

/**
 * Turns one document into pages of Markdown. Implementations must be thread-safe: several workers
 * call {@link #convert} at once. A backend that fails throws {@link OcrException}, saying whether
 * the failure is worth retrying; any other runtime exception is treated as retryable.
 */
public interface OcrBackend {

  /** A short stable name, for example {@code "local"} or {@code "mistral"}. */
  String name();

  /** The MIME types this backend accepts, for example {@code application/pdf}. */
  Set<String> supportedMimeTypes();

  /**
   * Converts a document. Blocking; must respond to interruption (by throwing {@link
   * InterruptedException} or returning early) so that cancellation, timeouts and shutdown work.
   */
  OcrResult convert(OcrInput input) throws InterruptedException;
}
