package io.ilios.spi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A temporary file that is deleted when closed. Use it in a try-with-resources block. */
public final class TempFile implements AutoCloseable {
  private final Path path;

  TempFile(Path path) {
    this.path = path;
  }

  /** Where the file is. */
  public Path path() {
    return path;
  }

  /** Deletes the file. Idempotent. */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete temporary file " + path, e);
    }
  }
}
