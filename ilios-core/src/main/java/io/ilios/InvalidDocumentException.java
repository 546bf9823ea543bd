package io.ilios;

/**
 * A document cannot be converted as given: it is empty, corrupt, too large, or of a type the
 * configured OCR backend does not support. Never retried.
 */
public class InvalidDocumentException extends IliosException {
  private static final long serialVersionUID = 1L;

  public InvalidDocumentException(String message) {
    super(message);
  }

  public InvalidDocumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
