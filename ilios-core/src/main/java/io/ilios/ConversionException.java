package io.ilios;

/**
 * A synchronous conversion failed in the OCR backend: it threw, timed out or returned nothing.
 * Nothing was stored. {@link #retryable()} says whether trying again may help.
 */
public final class ConversionException extends IliosException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public ConversionException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether another attempt may succeed (a timeout or a 5xx may; a rejected document will not). */
  @Override
  public boolean retryable() {
    return retryable;
  }
}
