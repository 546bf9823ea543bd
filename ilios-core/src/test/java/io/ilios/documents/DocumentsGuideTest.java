package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.Batch;
import io.ilios.BatchHandle;
import io.ilios.Conversion;
import io.ilios.Document;
import io.ilios.DocumentListener;
import io.ilios.DocumentSource;
import io.ilios.DocumentStatus;
import io.ilios.ExportFormat;
import io.ilios.Ilios;
import io.ilios.JobHandle;
import io.ilios.Owners;
import io.ilios.SubmitOptions;
import io.ilios.UsageBreakdown;
import io.ilios.UsageTotals;
import io.ilios.blob.LocalBlobStore;
import io.ilios.spi.OcrBackend;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import io.ilios.testing.NoThreadLeaks;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code of {@code docs/documents.md}, run as a test: every snippet in the guide is copied from
 * between a {@code tag::} and {@code end::} comment here, and {@link GuideSnippetsTest} checks they
 * still match.
 */
@ExtendWith(NoThreadLeaks.class)
class DocumentsGuideTest {
  @TempDir Path dir;

  @Test
  void theGuideRunsAsWritten() throws Exception {
    Path data = dir.resolve("data");
    Path reportPdf = Files.write(dir.resolve("report.pdf"), Documents.pdf("report"));
    Path invoicePdf = Files.write(dir.resolve("invoice.pdf"), Documents.pdf("invoice"));
    Path scanPng = Files.write(dir.resolve("scan.png"), Documents.png());
    OcrBackend backend = new FakeOcrBackend();
    String apiKey = "sk-example-not-a-real-key";

    // tag::setup[]
    try (SqliteJobStore store = SqliteJobStore.open(data.resolve("ilios.db"));
        Ilios ilios =
            Ilios.builder()
                .store(store)
                .blobs(LocalBlobStore.at(data.resolve("blobs")))
                .tempDirectory(data.resolve("tmp"))
                .ocr(backend)
                .workers(4)
                .uploadConcurrency(5) // originals of one batch uploaded at once
                .retentionSweepInterval(Duration.ofHours(1))
                .build()) {
      // end::setup[]

      // tag::owner[]
      String owner = Owners.ofApiKey(apiKey); // "key:" + SHA-256 prefix; the key is never stored
      SubmitOptions options =
          SubmitOptions.builder().owner(owner).priority(8).retentionDays(30).build();
      // end::owner[]

      // tag::convert[]
      Conversion now = ilios.converter().convert(DocumentSource.of(reportPdf), options);
      String markdown = now.markdown(); // all pages, joined by a blank line
      List<String> pages = now.pages(); // or page by page
      long pagesConverted = now.metadata().pages();
      long costMicros = now.cost().totalMicros(); // exact integer micro-dollars
      String id = now.id(); // stored: fetch it again later by id
      // end::convert[]
      assertThat(markdown).startsWith("# report.pdf");
      assertThat(pages).hasSize(1);
      assertThat(pagesConverted).isEqualTo(1);
      assertThat(costMicros).isZero();

      // tag::submit[]
      JobHandle job = ilios.jobs().submit(DocumentSource.of(invoicePdf), options);
      Document done = ilios.documents().await(owner, job.documentId(), Duration.ofMinutes(1));
      if (done.status() == DocumentStatus.COMPLETED) {
        String text = ilios.documents().markdown(owner, done.id()).orElseThrow();
        String firstPage = ilios.documents().page(owner, done.id(), 1).orElseThrow();
      } else if (done.status() == DocumentStatus.FAILED) {
        String why = done.error().orElseThrow();
      }
      // end::submit[]
      assertThat(done.status()).isEqualTo(DocumentStatus.COMPLETED);

      // tag::original[]
      try (var original = ilios.documents().openOriginal(owner, id)) {
        Files.copy(original, dir.resolve("copy-of-report.pdf"));
      }
      // end::original[]

      // tag::listeners[]
      ilios
          .documents()
          .addListener(
              new DocumentListener() {
                @Override
                public void onBatchCompleted(Batch batch) {
                  System.out.println("batch " + batch.id() + " ended: " + batch.progress());
                }
              });
      // end::listeners[]

      // tag::batch[]
      BatchHandle batch =
          ilios
              .jobs()
              .submitBatch(
                  List.of(DocumentSource.of(reportPdf), DocumentSource.of(scanPng)), options);
      Batch progress = batch.status(); // total, pending, processing, completed, failed
      Batch ended = batch.await(Duration.ofMinutes(10));
      try (OutputStream out = Files.newOutputStream(dir.resolve("results.jsonl"))) {
        batch.export(ExportFormat.JSONL, out); // one JSON line per document
      }
      try (OutputStream out = Files.newOutputStream(dir.resolve("results.zip"))) {
        batch.export(ExportFormat.ZIP, out); // one .md per document + manifest.json
      }
      // end::batch[]
      assertThat(progress.progress().total()).isEqualTo(2);
      assertThat(ended.progress().completed()).isEqualTo(2);
      assertThat(Files.readAllLines(dir.resolve("results.jsonl"))).hasSize(2);

      // tag::usage[]
      Instant to = Instant.now();
      Instant from = to.minus(30, ChronoUnit.DAYS);
      UsageTotals summary = ilios.usage().summary(owner, from, to);
      UsageBreakdown breakdown = ilios.usage().breakdown(owner, from, to);
      breakdown.byDay().forEach((day, totals) -> System.out.println(day + " " + totals));
      breakdown.byOperation().forEach((op, totals) -> System.out.println(op + " " + totals));
      // end::usage[]
      assertThat(summary.operations()).isEqualTo(4);

      // tag::retention[]
      int archived = ilios.documents().archiveExpired(); // also runs every hour by itself
      // end::retention[]
      assertThat(archived).isZero();
    }
  }
}
