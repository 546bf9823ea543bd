package io.ilios.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One document handed to an {@link OcrBackend}: its name, type and size, and a way to read its
 * bytes (as often as needed; each call opens a new stream that the caller closes). Backends that
 * need random access (a PDF parser) copy it to a {@link #copyToTempFile() temporary file} under
 * Ilios's temp folder.
 *
 * @param fileName the file name given at submit (a label, never a path)
 * @param mimeType the type detected from the bytes
 * @param size the size in bytes
 * @param opener opens the bytes
 * @param tempDirectory where {@link #copyToTempFile()} puts its files
 */
public record OcrInput(
    String fileName, String mimeType, long size, Opener opener, Path tempDirectory) {

  /** Prefix of the temporary files Ilios makes; leftovers of a crash are deleted at start. */
  public static final String TEMP_PREFIX = "ilios-";

  /** Opens the document's bytes. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  public OcrInput {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(mimeType, "mimeType");
    Objects.requireNonNull(opener, "opener");
    Objects.requireNonNull(tempDirectory, "tempDirectory");
  }

  /** An input whose temporary files go to the JVM's temp folder. */
  public OcrInput(String fileName, String mimeType, long size, Opener opener) {
    this(fileName, mimeType, size, opener, Path.of(System.getProperty("java.io.tmpdir")));
  }

  /** A new stream over the document's bytes. */
  public InputStream openStream() throws IOException {
    return opener.open();
  }

  /** Copies the document, streaming, into a new temporary file; close the result to delete it. */
  public TempFile copyToTempFile() throws IOException {
    Files.createDirectories(tempDirectory);
    Path file = Files.createTempFile(tempDirectory, TEMP_PREFIX, ".tmp");
    TempFile temp = new TempFile(file);
    try (InputStream in = openStream();
        OutputStream out = Files.newOutputStream(file)) {
      in.transferTo(out);
      return temp;
    } catch (IOException | RuntimeException e) {
      temp.close();
      throw e;
    }
  }
}
