package io.ilios;

/**
 * Root of every exception Ilios throws. Unchecked: callers catch the subclass they can act on
 * ({@link NotFoundException}, {@link InvalidDocumentException}, {@link StoreException}, {@link
 * io.ilios.spi.OcrException}, {@link BlobStoreException}) and let the rest propagate.
 */
public class IliosException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IliosException(String message) {
    super(message);
  }

  public IliosException(String message, Throwable cause) {
    super(message, cause);
  }
}
