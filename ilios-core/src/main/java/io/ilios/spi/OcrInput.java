package io.ilios.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * One document handed to an {@link OcrBackend}: its name, type and size, and a way to read its
 * bytes (as often as needed; each call opens a new stream that the caller closes).
 */
public record OcrInput(String fileName, String mimeType, long size, Opener opener) {

  /** Opens the document's bytes. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  public OcrInput {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(mimeType, "mimeType");
    Objects.requireNonNull(opener, "opener");
  }

  /** A new stream over the document's bytes. */
  public InputStream openStream() throws IOException {
    return opener.open();
  }
}
