package io.ilios.blob;

import io.ilios.spi.BlobStore;
import io.ilios.testing.BlobStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The blob-store contract on local disk. */
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
}
