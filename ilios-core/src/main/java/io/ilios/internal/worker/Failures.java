package io.ilios.internal.worker;

import io.ilios.BlobStoreException;
import io.ilios.InvalidDocumentException;
import io.ilios.spi.OcrException;

/** Decides which failures are worth another attempt and how they are described. */
final class Failures {
  private Failures() {}

  /**
   * Invalid documents, backend errors marked final and storage refusals that waiting cannot fix (a
   * missing bucket, denied access) are not retried; everything else is.
   */
  static boolean retryable(Throwable t) {
    if (t instanceof InvalidDocumentException) {
      return false;
    }
    if (t instanceof OcrException ocr) {
      return ocr.retryable();
    }
    if (t instanceof BlobStoreException blob) {
      return blob.retryable() || blob.reason() == BlobStoreException.Reason.FAILED;
    }
    return true;
  }

  /** One line: the exception's type and message, without stack trace or cause chain. */
  static String describe(Throwable t) {
    String message = t.getMessage();
    String type = t.getClass().getSimpleName();
    return message == null || message.isBlank() ? type : type + ": " + message;
  }
}
