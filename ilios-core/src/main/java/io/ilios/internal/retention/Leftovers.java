package io.ilios.internal.retention;

import io.ilios.spi.BlobStore;
import io.ilios.spi.OcrInput;
import io.ilios.spi.RetentionStore;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what a crashed or killed process left behind: temporary copies and PDF scratch files in
 * the temporary folder, and originals stored in the blob store that no document refers to (the
 * process died between storing the original and recording the document, or while converting it
 * synchronously). Only things older than a grace period go, since a younger one may belong to a
 * process that is still at work.
 */
public final class Leftovers {
  private static final Logger log = LoggerFactory.getLogger(Leftovers.class);

  /** Older leftovers are deleted; younger ones may belong to a live process. */
  public static final Duration GRACE = Duration.ofDays(1);

  /** Where Ilios stores originals in the blob store. */
  public static final String ORIGINALS = "originals/";

  /** Blob keys checked against the store per query batch. */
  static final int CHECK_BATCH = 500;

  /** Name prefixes of temporary files: Ilios's own copies and parts, PDFBox's scratch files. */
  private static final List<String> TEMP_PREFIXES = List.of(OcrInput.TEMP_PREFIX, "PDFBox");

  private Leftovers() {}

  /** Deletes temporary files in {@code directory} last written before {@code now - GRACE}. */
  public static int deleteTemporaryFiles(Path directory, Instant now) {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    FileTime before = FileTime.from(now.minus(GRACE));
    int deleted = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (TEMP_PREFIXES.stream().anyMatch(name::startsWith)
            && Files.isRegularFile(f)
            && Files.getLastModifiedTime(f).compareTo(before) < 0
            && Files.deleteIfExists(f)) {
          deleted++;
        }
      }
    } catch (IOException e) {
      log.warn("cannot clean temporary files in {}: {}", directory, e.toString());
    }
    return deleted;
  }

  /**
   * Deletes originals stored before {@code now - GRACE} that no document refers to. Returns how
   * many. A blob store that cannot list its keys keeps everything.
   */
  public static int deleteUnrecordedOriginals(RetentionStore store, BlobStore blobs, Instant now) {
    List<String> candidates = new ArrayList<>();
    int[] deleted = {0};
    blobs.forEachKey(
        ORIGINALS,
        now.minus(GRACE),
        key -> {
          candidates.add(key);
          if (candidates.size() == CHECK_BATCH) {
            deleted[0] += deleteUnreferenced(store, blobs, candidates);
            candidates.clear();
          }
        });
    deleted[0] += deleteUnreferenced(store, blobs, candidates);
    if (deleted[0] > 0) {
      log.info(
          "deleted {} originals no document refers to (left by a stopped process)", deleted[0]);
    }
    return deleted[0];
  }

  private static int deleteUnreferenced(RetentionStore store, BlobStore blobs, List<String> keys) {
    if (keys.isEmpty()) {
      return 0;
    }
    Set<String> referenced = store.referencedBlobs(keys);
    int deleted = 0;
    for (String key : keys) {
      if (!referenced.contains(key)) {
        blobs.delete(key);
        deleted++;
      }
    }
    return deleted;
  }
}
