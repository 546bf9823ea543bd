package io.ilios.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.JobHandle;
import io.ilios.SubmitOptions;
import io.ilios.blob.LocalBlobStore;
import io.ilios.internal.worker.JobExecutor;
import io.ilios.internal.worker.WorkerPool;
import io.ilios.local.hostile.HostileSuite;
import io.ilios.spi.JobStore;
import io.ilios.spi.OcrResult;
import io.ilios.testing.FakeOcrBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The hostile suite on a real PostgreSQL server, and text PostgreSQL refuses. */
class HostilePostgresTest extends HostileSuite {
  @RegisterExtension static final PostgresServerExtension postgres = new PostgresServerExtension();

  @Override
  protected JobStore openStore(Path dir) {
    return PostgresJobStore.builder()
        .jdbcUrl(postgres.server().newDatabase())
        .user("ilios")
        .poolSize(4)
        .build();
  }

  @Test
  void pagesWithNulAndLoneSurrogatesAreStoredCleaned() throws Exception {
    FakeOcrBackend ocr =
        new FakeOcrBackend()
            .behaviour(
                (input, call) -> new OcrResult(List.of("before\u0000after \uD800 end"), "m", 0, 0));
    try (JobStore store = openStore(dir);
        Ilios ilios =
            Ilios.builder()
                .store(store)
                .blobs(LocalBlobStore.at(dir.resolve("blobs")))
                .tempDirectory(dir.resolve("tmp"))
                .ocr(ocr)
                .workers(1)
                .build()) {
      JobHandle job =
          ilios
              .jobs()
              .submit(
                  DocumentSource.of(
                      new byte[] {
                        '%', 'P', 'D', 'F', '-', '1', '.', '4', '\n', '%', '%', 'E', 'O', 'F'
                      },
                      "nul.pdf"),
                  SubmitOptions.defaults());
      assertThat(job.await(Duration.ofMinutes(1)).status().name()).isEqualTo("COMPLETED");
      assertThat(job.conversion().orElseThrow().markdown()).isEqualTo("beforeafter \uFFFD end");
    }
  }

  @Test
  void aResultPostgresRefusesFailsItsJobAndTheNextJobsStillComplete() throws Exception {
    try (JobStore store = openStore(dir)) {
      java.time.Instant now = java.time.Instant.now();
      List<Long> ids = store.enqueue(io.ilios.testing.Jobs.many(5, now));
      java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(5);
      try (WorkerPool pool =
          WorkerPool.started(
              store,
              j -> JobExecutor.Result.of(j.id() == ids.get(2) ? "nul\u0000inside" : "fine"),
              (job, status, error) -> {
                if (status.isTerminal()) {
                  ended.countDown();
                }
              },
              io.ilios.testing.Pools.settings(2, java.time.Clock.systemUTC()))) {
        assertThat(ended.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(pool.storeErrors()).as("the refused save was counted").isPositive();
      }
      for (long id : ids) {
        io.ilios.Job j = store.find("alice", id).orElseThrow();
        if (id == ids.get(2)) {
          assertThat(j.status()).isEqualTo(io.ilios.JobStatus.FAILED);
          assertThat(j.error().orElseThrow()).startsWith("the result could not be stored: ");
        } else {
          assertThat(j.status()).isEqualTo(io.ilios.JobStatus.COMPLETED);
        }
      }
    }
  }
}
