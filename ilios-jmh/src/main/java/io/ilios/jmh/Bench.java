package io.ilios.jmh;

import io.ilios.internal.worker.PoolSettings;
import io.ilios.local.LocalConverter;
import io.ilios.postgres.PostgresJobStore;
import io.ilios.postgres.PostgresServer;
import io.ilios.spi.JobStore;
import io.ilios.spi.NewJob;
import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import io.ilios.store.SqliteJobStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Shared set-up for the benchmarks: temporary databases, job batches, pool settings. */
final class Bench {
  private Bench() {}

  static Path tempDir() {
    try {
      return Files.createTempDirectory("ilios-jmh");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Converts a PDF file with the local converter, as the backend gets it from a job. */
  static OcrResult convertPdf(LocalConverter local, Path file, Path tmp)
      throws InterruptedException, IOException {
    return local.convert(
        new OcrInput(
            file.getFileName().toString(),
            "application/pdf",
            Files.size(file),
            () -> Files.newInputStream(file),
            tmp));
  }

  static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A test Postgres server (a child process), for the Postgres variants. */
  static PostgresServer postgres() {
    try {
      return new PostgresServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A store on a new, empty database of {@code server}; synchronous_commit is on (the default). */
  static PostgresJobStore postgres(PostgresServer server, int poolSize) {
    return PostgresJobStore.builder()
        .jdbcUrl(server.newDatabase())
        .user("ilios")
        .poolSize(poolSize)
        .listen(false)
        .build();
  }

  static void stop(PostgresServer server) {
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SqliteJobStore open(Path dir, SqliteJobStore.Options options) {
    return SqliteJobStore.open(dir.resolve("ilios.db"), options);
  }

  static List<NewJob> jobs(int n, Instant at) {
    List<NewJob> jobs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      jobs.add(
          new NewJob("bench", "noop", 5, 3, Duration.ofMinutes(10), "{}", Optional.empty(), at));
    }
    return jobs;
  }

  /** Fills the store with {@code n} pending jobs in transactions of 1,000. */
  static void backlog(JobStore store, int n) {
    Instant now = Clock.systemUTC().instant();
    for (int done = 0; done < n; done += 1000) {
      store.enqueue(jobs(Math.min(1000, n - done), now));
    }
  }

  static PoolSettings pool(int workers, int maxClaim, boolean batchOutcomes) {
    return PoolSettings.builder()
        .workers(workers)
        .maxClaim(maxClaim)
        .batchOutcomes(batchOutcomes)
        .nodeId("bench")
        .build();
  }
}
