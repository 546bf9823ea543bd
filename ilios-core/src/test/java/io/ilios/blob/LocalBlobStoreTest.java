package io.ilios.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.spi.BlobStore;
import io.ilios.testing.BlobStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob-store contract on local disk, and what only the local store does. */
class LocalBlobStoreTest extends BlobStoreContract {
  @TempDir Path dir;
  LocalBlobStore store;

  @BeforeEach
  void open() {
    store = LocalBlobStore.at(dir.resolve("blobs"));
  }

  @Override
  protected BlobStore store() {
    return store;
  }

  @Test
  void halfWrittenFilesACrashLeftAreDeletedWhenTheStoreOpensOnceADayOld() throws Exception {
    Path tmp = dir.resolve("blobs/.tmp");
    Path stale = Files.writeString(tmp.resolve("put-1.part"), "half");
    Path fresh = Files.writeString(tmp.resolve("put-2.part"), "in progress elsewhere");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    LocalBlobStore.at(dir.resolve("blobs"));
    assertThat(stale).doesNotExist();
    assertThat(fresh).exists();
  }
}
