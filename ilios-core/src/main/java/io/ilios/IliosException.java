package io.ilios;

/**
 * Root of every exception Ilios throws. Unchecked: callers catch the subclass they can act on
 * ({@link NotFoundException}, {@link InvalidDocumentException}, {@link StoreException}, {@link
 * io.ilios.spi.OcrException}, {@link BlobStoreException}) and let the rest propagate.
 *
 * <p>Each exception says itself whether trying again may help ({@link #retryable()}); the worker
 * pool asks only that when it decides whether a failed job runs again.
 */
public class IliosException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IliosException(String message) {
    super(message);
  }

  public IliosException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether another attempt may succeed. False here (a plain {@code IliosException} reports a
   * mistake, not a passing condition); subclasses for failures that pass say so.
   */
  public boolean retryable() {
    return false;
  }
}
