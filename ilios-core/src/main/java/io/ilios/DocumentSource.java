package io.ilios;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A document to convert: a file, bytes in memory, or a stream, with the file name to report. The
 * file name is only a label: Ilios detects the type from the bytes and never uses the name as a
 * storage path. Immutable; a stream source can be read once.
 */
public final class DocumentSource {
  private interface Opener {
    InputStream open() throws IOException;
  }

  private final String fileName;
  private final long size;
  private final Opener opener;

  private DocumentSource(String fileName, long size, Opener opener) {
    this.fileName = Objects.requireNonNull(fileName, "fileName");
    this.size = size;
    this.opener = opener;
  }

  /** The file at {@code path}; its name is the reported file name. */
  public static DocumentSource of(Path path) {
    Objects.requireNonNull(path, "path");
    if (!Files.isRegularFile(path)) {
      throw new InvalidDocumentException(path + " is not a readable file");
    }
    long size;
    try {
      size = Files.size(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + path, e);
    }
    Path name = path.getFileName();
    return new DocumentSource(
        name == null ? "document" : name.toString(), size, () -> Files.newInputStream(path));
  }

  /** Bytes in memory (not copied: do not change them until the submit returns). */
  public static DocumentSource of(byte[] bytes, String fileName) {
    Objects.requireNonNull(bytes, "bytes");
    return new DocumentSource(fileName, bytes.length, () -> new ByteArrayInputStream(bytes));
  }

  /** A stream of unknown length, read once and not closed by Ilios. */
  public static DocumentSource of(InputStream in, String fileName) {
    Objects.requireNonNull(in, "in");
    return new DocumentSource(fileName, -1, () -> in);
  }

  /** The file name reported in metadata. */
  public String fileName() {
    return fileName;
  }

  /** The size in bytes, when known before reading. */
  public OptionalLong size() {
    return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
  }

  /** Opens the document's bytes. */
  public InputStream open() throws IOException {
    return opener.open();
  }

  @Override
  public String toString() {
    return "DocumentSource{" + fileName + (size < 0 ? "" : ", " + size + " bytes") + "}";
  }
}
