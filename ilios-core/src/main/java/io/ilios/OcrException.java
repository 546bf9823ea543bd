package io.ilios;

import java.util.OptionalInt;

/**
 * An OCR backend failed. {@link #retryable()} says whether another attempt may succeed (a 429 or a
 * 5xx may; a rejected document will not). {@link #statusCode()} is the HTTP status when the backend
 * speaks HTTP.
 */
public class OcrException extends IliosException {
  private static final long serialVersionUID = 1L;

  private final String backend;
  private final boolean retryable;
  private final int statusCode;

  public OcrException(String backend, String message, boolean retryable) {
    this(backend, message, retryable, -1, null);
  }

  public OcrException(
      String backend, String message, boolean retryable, int statusCode, Throwable cause) {
    super(backend + ": " + message, cause);
    this.backend = backend;
    this.retryable = retryable;
    this.statusCode = statusCode;
  }

  /** The name of the backend that failed. */
  public String backend() {
    return backend;
  }

  /** Whether another attempt may succeed. */
  @Override
  public boolean retryable() {
    return retryable;
  }

  /** The HTTP status code, when there was one. */
  public OptionalInt statusCode() {
    return statusCode < 0 ? OptionalInt.empty() : OptionalInt.of(statusCode);
  }
}
