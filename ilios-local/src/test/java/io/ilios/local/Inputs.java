package io.ilios.local;

import io.ilios.spi.OcrInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files on disk as converter input, for the tests. */
final class Inputs {
  private Inputs() {}

  /** The file, its type told by its extension, with {@code tmp} for the converter's copies. */
  static OcrInput of(Path file, Path tmp) throws IOException {
    String name = file.getFileName().toString();
    String mime = name.endsWith(".png") ? "image/png" : "application/pdf";
    return new OcrInput(name, mime, Files.size(file), () -> Files.newInputStream(file), tmp);
  }
}
