package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilios.Batch;
import io.ilios.BatchHandle;
import io.ilios.BatchProgress;
import io.ilios.BatchStatus;
import io.ilios.Document;
import io.ilios.DocumentListener;
import io.ilios.DocumentSource;
import io.ilios.DocumentStatus;
import io.ilios.ExportFormat;
import io.ilios.Ilios;
import io.ilios.IliosBuilder;
import io.ilios.InvalidDocumentException;
import io.ilios.NotFoundException;
import io.ilios.OcrException;
import io.ilios.SubmitOptions;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** Batches: submit, progress, await, listeners and both exports, through the public API. */
class BatchTest extends FixtureTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final ObjectMapper JSON = new ObjectMapper();

  static List<DocumentSource> pdfs(String... names) {
    List<DocumentSource> sources = new ArrayList<>();
    for (String name : names) {
      sources.add(DocumentSource.of(Documents.pdf(name), name));
    }
    return sources;
  }

  /** Fails documents whose name starts with "bad", for good. */
  static void failBadOnes(FakeOcrBackend ocr) {
    ocr.behaviour(
        (input, call) -> {
          if (input.fileName().startsWith("bad")) {
            throw new OcrException("fake", "cannot read " + input.fileName(), false);
          }
          return FakeOcrBackend.describe(input);
        });
  }

  @Test
  void aBatchReportsProgressRollsUpItsStatusAndIsAwaited() throws Exception {
    Ilios ilios = fixture.start();
    CountDownLatch release = new CountDownLatch(1);
    fixture.ocr.behaviour(
        (input, call) -> {
          release.await();
          return FakeOcrBackend.describe(input);
        });
    List<Batch> ended = new CopyOnWriteArrayList<>();
    ilios
        .documents()
        .addListener(
            new DocumentListener() {
              @Override
              public void onBatchCompleted(Batch batch) {
                ended.add(batch);
              }
            });

    BatchHandle batch =
        ilios
            .jobs()
            .submitBatch(
                pdfs("a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf"),
                SubmitOptions.builder().owner("acme").priority(8).build());

    Batch running = batch.status();
    assertThat(running.owner()).isEqualTo("acme");
    assertThat(running.priority()).isEqualTo(8);
    assertThat(running.progress().total()).isEqualTo(5);
    assertThat(running.status()).isIn(BatchStatus.PENDING, BatchStatus.PROCESSING);
    assertThat(running.completedAt()).isEmpty();
    Batch notYet = batch.await(Duration.ofMillis(100));
    assertThat(notYet.status().isTerminal()).isFalse();

    release.countDown();
    Batch done = batch.await(WAIT);
    assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
    assertThat(done.progress()).isEqualTo(new BatchProgress(5, 0, 0, 5, 0, 0));
    assertThat(done.completedAt()).isPresent();
    List<String> names = new ArrayList<>();
    ilios.documents().forEachDocument("acme", batch.id(), d -> names.add(d.fileName()));
    assertThat(names).containsExactly("a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf");
    waitFor(() -> !ended.isEmpty());
    ilios.close(); // tells every job end still queued, then stops: a second call would come now
    assertThat(ended).hasSize(1);
    assertThat(ended.get(0).id()).isEqualTo(batch.id());
    assertThat(ended.get(0).status()).isEqualTo(BatchStatus.COMPLETED);
  }

  @Test
  void failuresCountInProgressAndABatchWithNothingConvertedFails() throws Exception {
    Ilios ilios = fixture.start();
    failBadOnes(fixture.ocr);
    List<String> heard = new CopyOnWriteArrayList<>();
    ilios
        .documents()
        .addListener(
            new DocumentListener() {
              @Override
              public void onCompleted(Document d) {
                throw new IllegalStateException("a listener bug must break nothing");
              }
            });
    ilios
        .documents()
        .addListener(
            new DocumentListener() {
              @Override
              public void onCompleted(Document d) {
                heard.add("completed " + d.fileName());
              }

              @Override
              public void onFailed(Document d) {
                heard.add("failed " + d.fileName() + ": " + d.error().orElse(""));
              }
            });
    SubmitOptions options = SubmitOptions.defaults();
    Batch mixed = ilios.jobs().submitBatch(pdfs("ok.pdf", "bad.pdf"), options).await(WAIT);
    assertThat(mixed.status()).isEqualTo(BatchStatus.COMPLETED);
    assertThat(mixed.progress()).isEqualTo(new BatchProgress(2, 0, 0, 1, 1, 0));
    Batch allBad = ilios.jobs().submitBatch(pdfs("bad1.pdf", "bad2.pdf"), options).await(WAIT);
    assertThat(allBad.status()).isEqualTo(BatchStatus.FAILED);
    assertThat(allBad.progress().failed()).isEqualTo(2);
    waitFor(() -> heard.size() == 4);
    assertThat(heard)
        .containsExactlyInAnyOrder(
            "completed ok.pdf",
            "failed bad.pdf: OcrException: fake: cannot read bad.pdf",
            "failed bad1.pdf: OcrException: fake: cannot read bad1.pdf",
            "failed bad2.pdf: OcrException: fake: cannot read bad2.pdf");
  }

  @Test
  void aRejectedDocumentRejectsTheWholeBatchAndLeavesNothingBehind() throws Exception {
    Ilios ilios = fixture.start();
    List<DocumentSource> sources = new ArrayList<>(pdfs("1.pdf", "2.pdf", "3.pdf", "4.pdf"));
    sources.add(2, DocumentSource.of(new byte[0], "empty.pdf"));
    sources.addAll(pdfs("5.pdf", "6.pdf", "7.pdf", "8.pdf"));
    assertThatThrownBy(() -> ilios.jobs().submitBatch(sources, SubmitOptions.defaults()))
        .isInstanceOf(InvalidDocumentException.class)
        .hasMessage("empty.pdf is empty");
    assertThat(ilios.jobs().counts().total()).isZero();
    assertThat(fixture.blobCount()).isZero();
  }

  @Test
  void uploadsRunInParallelUpToTheConfiguredBound() throws Exception {
    for (int bound : new int[] {IliosBuilder.DEFAULT_UPLOAD_CONCURRENCY, 2}) {
      Ilios ilios = fixture.start(fixture.builder().workers(0).uploadConcurrency(bound));
      AtomicInteger now = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      List<DocumentSource> sources = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        InputStream slow =
            new FilterInputStream(new ByteArrayInputStream(Documents.pdf("p" + i))) {
              boolean counted;

              @Override
              public int read(byte[] b, int off, int len) throws IOException {
                if (!counted) {
                  counted = true;
                  most.accumulateAndGet(now.incrementAndGet(), Math::max);
                  sleep(60);
                  now.decrementAndGet();
                }
                return super.read(b, off, len);
              }
            };
        sources.add(DocumentSource.of(slow, "p" + i + ".pdf"));
      }
      BatchHandle batch = ilios.jobs().submitBatch(sources, SubmitOptions.defaults());
      assertThat(most.get()).as("uploads at once, bound " + bound).isEqualTo(bound);
      assertThat(batch.status().progress().total()).isEqualTo(16);
      fixture.close();
    }
  }

  @Test
  void theJsonlExportHasOneLinePerDocumentInTheOriginalShape() throws Exception {
    Ilios ilios = fixture.start();
    failBadOnes(fixture.ocr);
    BatchHandle batch =
        ilios.jobs().submitBatch(pdfs("one.pdf", "bad.pdf", "three.pdf"), SubmitOptions.defaults());
    batch.await(WAIT);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    batch.export(ExportFormat.JSONL, out);

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(3);
    List<Document> docs = new ArrayList<>();
    ilios.documents().forEachDocument(batch.owner(), batch.id(), docs::add);
    for (int i = 0; i < 3; i++) {
      JsonNode line = JSON.readTree(lines[i]);
      Document d = docs.get(i);
      assertThat(line.get("id").asText()).isEqualTo(d.id());
      assertThat(line.get("fileName").asText()).isEqualTo(d.fileName());
      if (d.status() == DocumentStatus.COMPLETED) {
        assertThat(line.get("status").asText()).isEqualTo("completed");
        assertThat(line.get("content").asText())
            .isEqualTo(ilios.documents().markdown(batch.owner(), d.id()).orElseThrow());
        JsonNode m = line.get("metadata");
        assertThat(m.get("model").asText()).isEqualTo(FakeOcrBackend.MODEL);
        assertThat(m.get("extractedPages").asInt()).isEqualTo(1);
        assertThat(m.get("processingTimeMs").asLong()).isNotNegative();
        assertThat(m.get("fileName").asText()).isEqualTo(d.fileName());
        assertThat(m.get("fileSize").asLong()).isEqualTo(d.size());
        assertThat(m.get("mimeType").asText()).isEqualTo("application/pdf");
        assertThat(line.has("error")).isFalse();
      } else {
        assertThat(line.get("status").asText()).isEqualTo("failed");
        assertThat(line.get("error").asText()).isEqualTo(d.error().orElseThrow());
        assertThat(line.has("content")).isFalse();
      }
    }
  }

  @Test
  void theZipExportHasOneSafelyNamedMarkdownFilePerDocumentAndAManifest() throws Exception {
    Ilios ilios = fixture.start();
    failBadOnes(fixture.ocr);
    List<DocumentSource> sources =
        List.of(
            DocumentSource.of(Documents.pdf("1"), "../../etc/passwd.pdf"),
            DocumentSource.of(Documents.pdf("2"), "Rapport annuel é 2026.pdf"),
            DocumentSource.of(Documents.pdf("3"), "report.pdf"),
            DocumentSource.of(Documents.pdf("4"), "report.pdf"),
            DocumentSource.of(Documents.pdf("5"), "bad.pdf"),
            DocumentSource.of(Documents.pdf("6"), ".hidden"));
    BatchHandle batch = ilios.jobs().submitBatch(sources, SubmitOptions.defaults());
    batch.await(WAIT);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    batch.export(ExportFormat.ZIP, out);

    Map<String, String> entries = new LinkedHashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        entries.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    assertThat(entries.keySet())
        .containsExactly(
            "1-passwd.md",
            "2-Rapport_annuel_e_2026.md",
            "3-report.md",
            "4-report.md",
            "6-hidden.md",
            "manifest.json");
    List<Document> docs = new ArrayList<>();
    ilios.documents().forEachDocument(batch.owner(), batch.id(), docs::add);
    assertThat(entries.get("3-report.md"))
        .isEqualTo(ilios.documents().markdown(batch.owner(), docs.get(2).id()).orElseThrow());

    JsonNode manifest = JSON.readTree(entries.get("manifest.json"));
    assertThat(manifest.get("batchId").asText()).isEqualTo(batch.id());
    assertThat(manifest.get("status").asText()).isEqualTo("completed");
    assertThat(manifest.get("progress").get("completed").asInt()).isEqualTo(5);
    assertThat(manifest.get("progress").get("failed").asInt()).isEqualTo(1);
    JsonNode listed = manifest.get("documents");
    assertThat(listed).hasSize(6);
    assertThat(listed.get(0).get("fileName").asText()).isEqualTo("../../etc/passwd.pdf");
    assertThat(listed.get(0).get("file").asText()).isEqualTo("1-passwd.md");
    assertThat(listed.get(4).get("status").asText()).isEqualTo("failed");
    assertThat(listed.get(4).has("file")).isFalse();
    assertThat(listed.get(4).get("error").asText()).contains("cannot read bad.pdf");
    for (int i = 0; i < 6; i++) {
      assertThat(listed.get(i).get("id").asText()).isEqualTo(docs.get(i).id());
    }
  }

  @Test
  void anotherOwnersBatchIsNotFound() throws Exception {
    Ilios ilios = fixture.start();
    BatchHandle batch =
        ilios.jobs().submitBatch(pdfs("a.pdf"), SubmitOptions.builder().owner("alice").build());
    for (Runnable read :
        List.<Runnable>of(
            () -> ilios.documents().batch("mallory", batch.id()),
            () -> ilios.documents().forEachDocument("mallory", batch.id(), d -> {}),
            () ->
                ilios
                    .documents()
                    .exportBatch(
                        "mallory", batch.id(), ExportFormat.JSONL, new ByteArrayOutputStream()))) {
      assertThatThrownBy(read::run)
          .isInstanceOf(NotFoundException.class)
          .hasMessage("batch " + batch.id() + " not found");
    }
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
