package io.ilios.testing;

import io.ilios.Ilios;
import io.ilios.IliosBuilder;
import io.ilios.RetryPolicy;
import io.ilios.blob.LocalBlobStore;
import io.ilios.store.SqliteJobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real SQLite file, a local blob folder and the fake OCR backend under one folder, with quick
 * polling and retries; closes every {@link Ilios} and store it made.
 */
public final class IliosFixture implements AutoCloseable {
  public final Path dir;
  public final FakeOcrBackend ocr = new FakeOcrBackend();
  private final List<AutoCloseable> open = new ArrayList<>(); // Ilios and stores: never interrupt

  public IliosFixture(Path dir) {
    this.dir = dir;
  }

  /** A builder over this folder's database and blobs, two workers, quick polls and retries. */
  public IliosBuilder builder() {
    SqliteJobStore store = SqliteJobStore.open(dir.resolve("ilios.db"));
    open.add(store);
    return Ilios.builder()
        .store(store)
        .blobs(LocalBlobStore.at(blobs()))
        .tempDirectory(dir.resolve("tmp"))
        .ocr(ocr)
        .workers(2)
        .pollInterval(Duration.ofMillis(20))
        .retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), 0.2));
  }

  /** Builds and keeps {@code builder} to close it first. */
  public Ilios start(IliosBuilder builder) {
    Ilios ilios = builder.build();
    open.add(0, ilios);
    return ilios;
  }

  public Ilios start() {
    return start(builder());
  }

  public Path blobs() {
    return dir.resolve("blobs");
  }

  /** How many originals the blob folder holds. */
  public long blobCount() {
    if (!Files.isDirectory(blobs())) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(blobs())) {
      return files.filter(Files::isRegularFile).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    open.clear();
  }
}
