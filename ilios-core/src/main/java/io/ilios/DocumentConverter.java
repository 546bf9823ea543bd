package io.ilios;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Synchronous conversion: the document is converted now, through the configured OCR backend, and
 * stored with its Markdown and usage record so that it can be fetched again later by id ({@link
 * Documents}). Thread-safe. Obtain it from {@link Ilios#converter()}.
 *
 * <pre>{@code
 * Conversion c = ilios.converter().convert(Path.of("report.pdf"));
 * System.out.println(c.markdown());
 * }</pre>
 *
 * <p>The backend runs on a thread of Ilios's own, so that a conversion past its timeout ({@link
 * SubmitOptions#timeout()}) can be interrupted without interrupting the caller. If anything fails,
 * nothing is stored.
 */
public interface DocumentConverter {

  /** Converts the file with the default options (owner {@value SubmitOptions#DEFAULT_OWNER}). */
  default Conversion convert(Path file) throws InterruptedException {
    return convert(DocumentSource.of(file), SubmitOptions.defaults());
  }

  /** Converts the bytes with the default options. */
  default Conversion convert(byte[] bytes, String fileName) throws InterruptedException {
    return convert(DocumentSource.of(bytes, fileName), SubmitOptions.defaults());
  }

  /** Converts the stream (read once, not closed) with the default options. */
  default Conversion convert(InputStream in, String fileName) throws InterruptedException {
    return convert(DocumentSource.of(in, fileName), SubmitOptions.defaults());
  }

  /**
   * Converts the document now and stores it for {@code options.owner()} with {@code
   * options.retentionDays()}; priority and attempts do not apply.
   *
   * @throws InvalidDocumentException if the document is empty, corrupt, named as another type, or
   *     of a type the backend does not support, or the backend rejected it
   * @throws DocumentTooLargeException if it is over the size limit
   * @throws ConversionException if the backend failed, timed out or returned no pages
   * @throws IllegalArgumentException if {@code options} carries an idempotency key
   * @throws InterruptedException if the caller was interrupted while waiting; the conversion is
   *     stopped and nothing is stored
   */
  Conversion convert(DocumentSource source, SubmitOptions options) throws InterruptedException;
}
