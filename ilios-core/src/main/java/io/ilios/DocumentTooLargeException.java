package io.ilios;

/**
 * A document is larger than the configured limit ({@link IliosBuilder#maxDocumentSize}). Thrown
 * before the document is read when its size is known, otherwise as soon as the stream passes the
 * limit; nothing is kept either way. Never retried.
 */
public final class DocumentTooLargeException extends InvalidDocumentException {
  private static final long serialVersionUID = 1L;

  private final String fileName;
  private final long limit;

  public DocumentTooLargeException(String fileName, long size, long limit) {
    super(
        fileName
            + (size >= 0 ? " is " + size + " bytes" : " is larger than the limit")
            + ", over the limit of "
            + limit
            + " bytes");
    this.fileName = fileName;
    this.limit = limit;
  }

  /** The file name of the rejected document. */
  public String fileName() {
    return fileName;
  }

  /** The limit in bytes. */
  public long limit() {
    return limit;
  }
}
