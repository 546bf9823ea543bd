package io.ilios;

/**
 * Root of every exception Ilios throws. Unchecked: callers catch the subclass they can act on
 * ({@link NotFoundException}, {@link InvalidDocumentException}, {@link StoreException}, {@link
 * OcrException}, {@link BlobStoreException}) and let the rest propagate.
 *
 * <p>Each exception says itself whether trying again may help ({@link #retryable()}); the worker
 * pool asks only that when it decides whether a failed job runs again.
 */
public abstract class IliosException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected IliosException(String message) {
    super(message);
  }

  protected IliosException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Whether another attempt may succeed. False unless a subclass, for failures that pass, says so.
   */
  public boolean retryable() {
    return false;
  }
}
