package io.ilios.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.BatchHandle;
import io.ilios.BatchStatus;
import io.ilios.Conversion;
import io.ilios.Document;
import io.ilios.DocumentSource;
import io.ilios.DocumentStatus;
import io.ilios.ExportFormat;
import io.ilios.Ilios;
import io.ilios.JobHandle;
import io.ilios.NotFoundException;
import io.ilios.Operation;
import io.ilios.SubmitOptions;
import io.ilios.UsageTotals;
import io.ilios.blob.LocalBlobStore;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import io.ilios.testing.SettableClock;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The document service through the public API with its records in Postgres. */
class PostgresIliosTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  @RegisterExtension static final PostgresServerExtension postgres = new PostgresServerExtension();

  @TempDir Path dir;

  static SubmitOptions keptFor(int days) {
    return SubmitOptions.builder().owner("acme").retentionDays(days).build();
  }

  /** Originals kept: files in the blob store and small ones in the store's own table. */
  long originals() throws Exception {
    long files = 0;
    if (Files.isDirectory(dir.resolve("blobs"))) {
      try (Stream<Path> walk = Files.walk(dir.resolve("blobs"))) {
        files = walk.filter(Files::isRegularFile).count();
      }
    }
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "ilios", null);
        java.sql.ResultSet rs =
            c.createStatement().executeQuery("SELECT count(*) FROM originals")) {
      rs.next();
      return files + rs.getLong(1);
    }
  }

  String url;

  @Test
  void convertSubmitBatchExportUsageAndRetentionRunOnPostgres() throws Exception {
    SettableClock clock = new SettableClock(Instant.now());
    url = postgres.server().newDatabase();
    try (PostgresJobStore store = PostgresJobStore.builder().jdbcUrl(url).user("ilios").build();
        Ilios ilios =
            Ilios.builder()
                .store(store)
                .blobs(LocalBlobStore.at(dir.resolve("blobs")))
                .tempDirectory(dir.resolve("tmp"))
                .ocr(new FakeOcrBackend())
                .originalsInStoreUpTo(20) // the first document's original is larger
                .clock(clock)
                .workers(2)
                .pollInterval(Duration.ofMillis(50))
                .build()) {
      byte[] pdf = Documents.pdf("sync");
      Conversion now = ilios.converter().convert(DocumentSource.of(pdf, "now.pdf"), keptFor(1));
      assertThat(now.markdown()).startsWith("# now.pdf");
      try (InputStream original = ilios.documents().openOriginal("acme", now.id())) {
        assertThat(original.readAllBytes()).isEqualTo(pdf);
      }

      JobHandle job =
          ilios.jobs().submit(DocumentSource.of(Documents.pdf("q"), "queued.pdf"), keptFor(3));
      Document queued = ilios.documents().await("acme", job.documentId(), WAIT);
      assertThat(queued.status()).isEqualTo(DocumentStatus.COMPLETED);
      assertThat(ilios.documents().markdown("acme", job.documentId()).orElseThrow())
          .startsWith("# queued.pdf");
      assertThatThrownBy(() -> ilios.documents().get("other", job.documentId()))
          .isInstanceOf(NotFoundException.class);

      BatchHandle batch =
          ilios
              .jobs()
              .submitBatch(
                  List.of(
                      DocumentSource.of(Documents.pdf("a"), "a.pdf"),
                      DocumentSource.of(Documents.png(), "b.png")),
                  keptFor(3));
      assertThat(batch.await(WAIT).status()).isEqualTo(BatchStatus.COMPLETED);
      ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
      batch.export(ExportFormat.JSONL, jsonl);
      assertThat(jsonl.toString(StandardCharsets.UTF_8).lines()).hasSize(2);

      UsageTotals usage =
          ilios.usage().summary("acme", Instant.EPOCH, clock.instant().plusSeconds(60));
      assertThat(usage.operations()).isEqualTo(4);
      var byOperation =
          ilios
              .usage()
              .breakdown("acme", Instant.EPOCH, clock.instant().plusSeconds(60))
              .byOperation();
      assertThat(byOperation.get(Operation.CONVERT).operations()).isEqualTo(1);
      assertThat(byOperation.get(Operation.BATCH).operations()).isEqualTo(2);

      assertThat(originals()).isEqualTo(4);
      clock.advance(Duration.ofDays(1));
      assertThat(ilios.documents().archiveExpired()).isEqualTo(1);
      assertThat(ilios.documents().get("acme", now.id()).status())
          .isEqualTo(DocumentStatus.ARCHIVED);
      assertThat(originals()).isEqualTo(3);
      clock.advance(Duration.ofDays(2));
      assertThat(ilios.documents().archiveExpired()).isEqualTo(3);
      assertThat(originals()).isZero();
      assertThat(ilios.usage().summary("acme", Instant.EPOCH, clock.instant()).operations())
          .isEqualTo(4); // usage records outlive the documents
    }
  }
}
