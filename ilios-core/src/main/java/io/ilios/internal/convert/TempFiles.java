package io.ilios.internal.convert;

import io.ilios.spi.OcrInput;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Clean-up of temporary files a crashed process left behind. */
public final class TempFiles {
  private static final Logger log = LoggerFactory.getLogger(TempFiles.class);

  /** Older files are leftovers; younger ones may belong to another live process. */
  static final Duration LEFTOVER_AGE = Duration.ofDays(1);

  private TempFiles() {}

  /** Deletes Ilios's temporary files in {@code directory} older than a day. */
  public static void deleteLeftovers(Path directory) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    FileTime before = FileTime.from(Instant.now().minus(LEFTOVER_AGE));
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(directory, OcrInput.TEMP_PREFIX + "*")) {
      for (Path f : files) {
        if (Files.getLastModifiedTime(f).compareTo(before) < 0) {
          Files.deleteIfExists(f);
        }
      }
    } catch (IOException e) {
      log.warn("cannot clean temporary files in {}: {}", directory, e.toString());
    }
  }
}
