package io.ilios.postgres;

import io.ilios.Ilios;
import io.ilios.IliosBuilder;
import io.ilios.RetryPolicy;
import io.ilios.blob.LocalBlobStore;
import io.ilios.spi.JobStore;
import io.ilios.spi.OcrBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Application nodes for multi-node tests: each an {@link Ilios} with its own Postgres pool,
 * listener and workers, sharing one database and one blob folder (shared storage, as S3 would be).
 */
final class Nodes implements AutoCloseable {
  private final List<AutoCloseable> open = new ArrayList<>();

  static IliosBuilder builder(
      JobStore store, Path shared, OcrBackend ocr, int workers, Duration lease) {
    return Ilios.builder()
        .store(store)
        .blobs(LocalBlobStore.at(shared.resolve("blobs")))
        .tempDirectory(shared.resolve("tmp-" + System.nanoTime()))
        .ocr(ocr)
        .workers(workers)
        .lease(lease)
        .heartbeat(lease.dividedBy(4))
        .pollInterval(Duration.ofMillis(250))
        .shutdownGrace(Duration.ofSeconds(5))
        .retry(new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), 0.2));
  }

  static PostgresJobStore store(String url) {
    return PostgresJobStore.builder().jdbcUrl(url).user("ilios").poolSize(4).build();
  }

  /** Keeps a node built elsewhere, to close it (Ilios first, then its store). */
  Ilios keep(PostgresJobStore store, Ilios ilios) {
    open.add(0, store);
    open.add(0, ilios);
    return ilios;
  }

  /** Starts a node; closed (Ilios first, then its store) by {@link #close()}. */
  Ilios start(String url, Path shared, OcrBackend ocr, int workers, Duration lease) {
    PostgresJobStore store = store(url);
    open.add(0, store);
    Ilios ilios = builder(store, shared, ocr, workers, lease).build();
    open.add(0, ilios);
    return ilios;
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
  }
}
