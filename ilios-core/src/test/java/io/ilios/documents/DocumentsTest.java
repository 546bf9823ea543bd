package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.Conversion;
import io.ilios.ConversionException;
import io.ilios.Cost;
import io.ilios.Document;
import io.ilios.DocumentSource;
import io.ilios.DocumentStatus;
import io.ilios.DocumentTooLargeException;
import io.ilios.Ilios;
import io.ilios.InvalidDocumentException;
import io.ilios.JobHandle;
import io.ilios.NotFoundException;
import io.ilios.OcrException;
import io.ilios.Operation;
import io.ilios.PriceTable;
import io.ilios.SubmitOptions;
import io.ilios.UsageTotals;
import io.ilios.spi.OcrResult;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Synchronous conversion and single documents, through the public API only. */
class DocumentsTest extends FixtureTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  static final Instant ALL_TIME_FROM = Instant.EPOCH;
  static final Instant ALL_TIME_TO = Instant.parse("3000-01-01T00:00:00Z");

  /** Three pages per document, so that per-page reads mean something. */
  static OcrResult threePages(io.ilios.spi.OcrInput input) {
    String described = FakeOcrBackend.describe(input).pages().get(0);
    return new OcrResult(
        List.of(described, "## Page two\n\n- a\n- b", "## Page three"),
        "fake-ocr-1",
        120,
        40,
        List.of(Duration.ofMillis(5), Duration.ofMillis(7), Duration.ofMillis(11)));
  }

  @Test
  void convertReturnsPagesMetadataAndCostAndStoresTheDocumentForLater() throws Exception {
    PriceTable prices =
        PriceTable.builder()
            .price("fake", FakeOcrBackend.MODEL, new PriceTable.Price(1_000, 0, 0))
            .build();
    Ilios ilios = fixture.start(fixture.builder().prices(prices));
    fixture.ocr.behaviour((input, call) -> threePages(input));
    Path pdf = Files.write(dir.resolve("report.pdf"), Documents.pdf("quarterly"));

    Conversion c = ilios.converter().convert(pdf);

    assertThat(c.pages()).hasSize(3);
    assertThat(c.pages().get(0)).startsWith("# report.pdf");
    assertThat(c.markdown()).isEqualTo(String.join("\n\n", c.pages()));
    Document d = c.document();
    assertThat(d.status()).isEqualTo(DocumentStatus.COMPLETED);
    assertThat(d.fileName()).isEqualTo("report.pdf");
    assertThat(d.mimeType()).isEqualTo("application/pdf");
    assertThat(d.size()).isEqualTo(Files.size(pdf));
    assertThat(d.owner()).isEqualTo(SubmitOptions.DEFAULT_OWNER);
    assertThat(d.retentionDays()).isEqualTo(365);
    assertThat(d.expiresAt()).isEqualTo(d.createdAt().plus(Duration.ofDays(365)));
    assertThat(d.processedAt()).isPresent();
    assertThat(c.metadata().model()).isEqualTo(FakeOcrBackend.MODEL);
    assertThat(c.metadata().pages()).isEqualTo(3);
    assertThat(c.metadata().inputTokens()).isEqualTo(120);
    assertThat(c.metadata().outputTokens()).isEqualTo(40);
    assertThat(c.metadata().processingTime().isNegative()).isFalse();
    assertThat(c.cost()).isEqualTo(Cost.of(3_000, 3_000));
    assertThat(c.metadata().pageTimes())
        .containsExactly(Duration.ofMillis(5), Duration.ofMillis(7), Duration.ofMillis(11));

    // Stored: the same document, Markdown, pages and original come back by id.
    String owner = SubmitOptions.DEFAULT_OWNER;
    assertThat(ilios.documents().get(owner, c.id())).isEqualTo(d);
    assertThat(ilios.documents().markdown(owner, c.id())).contains(c.markdown());
    assertThat(ilios.documents().page(owner, c.id(), 2)).contains("## Page two\n\n- a\n- b");
    assertThatThrownBy(() -> ilios.documents().page(owner, c.id(), 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("page must be between 1 and 3, was 4");
    try (InputStream original = ilios.documents().openOriginal(owner, c.id())) {
      assertThat(original.readAllBytes()).isEqualTo(Files.readAllBytes(pdf));
    }
    UsageTotals usage = ilios.usage().summary(owner, ALL_TIME_FROM, ALL_TIME_TO);
    assertThat(usage).isEqualTo(new UsageTotals(1, 1, 3, 120, 40, 3_000, 3_900));
    assertThat(ilios.usage().breakdown(owner, ALL_TIME_FROM, ALL_TIME_TO).byOperation())
        .containsOnlyKeys(Operation.CONVERT);
  }

  @Test
  void convertAcceptsBytesAndStreamsAndDetectsTheirType() throws Exception {
    Ilios ilios = fixture.start();
    Conversion fromBytes = ilios.converter().convert(Documents.png(), "scan.png");
    Conversion fromStream =
        ilios.converter().convert(new ByteArrayInputStream(Documents.pdf("s")), "upload");
    assertThat(fromBytes.document().mimeType()).isEqualTo("image/png");
    assertThat(fromBytes.markdown()).contains("image/png, 64 bytes");
    assertThat(fromStream.document().mimeType()).isEqualTo("application/pdf");
    assertThat(fromStream.document().size()).isEqualTo(Documents.pdf("s").length);
  }

  @Test
  void aSubmittedDocumentIsFollowedToItsMarkdown() throws Exception {
    Ilios ilios = fixture.start();
    fixture.ocr.behaviour((input, call) -> threePages(input));
    SubmitOptions options = SubmitOptions.builder().owner("tenant-7").retentionDays(30).build();

    JobHandle job =
        ilios.jobs().submit(DocumentSource.of(Documents.pdf("async"), "async.pdf"), options);
    Document done = ilios.documents().await("tenant-7", job.documentId(), WAIT);

    assertThat(done.status()).isEqualTo(DocumentStatus.COMPLETED);
    assertThat(done.jobId()).isEqualTo(job.id());
    assertThat(done.retentionDays()).isEqualTo(30);
    assertThat(done.batchId()).isEmpty();
    assertThat(done.metadata().orElseThrow().pages()).isEqualTo(3);
    assertThat(ilios.documents().page("tenant-7", job.documentId(), 3)).contains("## Page three");
    assertThat(job.conversion().orElseThrow().markdown())
        .startsWith("# async.pdf")
        .endsWith("## Page three");
    assertThat(ilios.usage().breakdown("tenant-7", ALL_TIME_FROM, ALL_TIME_TO).byOperation())
        .containsOnlyKeys(Operation.DOCUMENT);
  }

  @Test
  void aFailedDocumentReportsItsErrorKeepsItsOriginalAndHasNoContent() throws Exception {
    Ilios ilios = fixture.start();
    fixture.ocr.failFirst(Integer.MAX_VALUE, false);
    JobHandle job =
        ilios
            .jobs()
            .submit(DocumentSource.of(Documents.pdf("x"), "broken.pdf"), SubmitOptions.defaults());
    Document failed = ilios.documents().await(job.owner(), job.documentId(), WAIT);
    assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
    assertThat(failed.error().orElseThrow()).contains("fake: induced failure 1");
    assertThat(failed.metadata()).isEmpty();
    assertThat(ilios.documents().markdown(job.owner(), job.documentId())).isEmpty();
    assertThat(ilios.documents().page(job.owner(), job.documentId(), 1)).isEmpty();
    try (InputStream original = ilios.documents().openOriginal(job.owner(), job.documentId())) {
      assertThat(original.readAllBytes()).isEqualTo(Documents.pdf("x"));
    }
    assertThat(ilios.usage().summary(job.owner(), ALL_TIME_FROM, ALL_TIME_TO))
        .isEqualTo(UsageTotals.NONE);
  }

  @Test
  void aBackendThatThrowsTimesOutOrReturnsNothingFailsConvertAndStoresNothing() throws Exception {
    Ilios ilios = fixture.start();
    byte[] pdf = Documents.pdf("x");

    fixture.ocr.behaviour(
        (input, call) -> {
          throw new OcrException("fake", "document rejected", false, 422, null);
        });
    assertThatThrownBy(() -> ilios.converter().convert(pdf, "a.pdf"))
        .isInstanceOf(ConversionException.class)
        .hasMessage("a.pdf: fake: document rejected")
        .matches(e -> !((ConversionException) e).retryable());

    fixture.ocr.behaviour(
        (input, call) -> {
          throw new IllegalStateException("bug in backend");
        });
    assertThatThrownBy(() -> ilios.converter().convert(pdf, "b.pdf"))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("b.pdf: backend failed: java.lang.IllegalStateException: bug");

    fixture.ocr.behaviour((input, call) -> new OcrResult(List.of(), "m", 0, 0));
    assertThatThrownBy(() -> ilios.converter().convert(pdf, "c.pdf"))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("returned no pages for c.pdf");

    CountDownLatch interrupted = new CountDownLatch(1);
    fixture.ocr.behaviour(
        (input, call) -> {
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
          return FakeOcrBackend.describe(input);
        });
    SubmitOptions quick = SubmitOptions.builder().timeout(Duration.ofMillis(200)).build();
    assertThatThrownBy(() -> ilios.converter().convert(DocumentSource.of(pdf, "d.pdf"), quick))
        .isInstanceOf(ConversionException.class)
        .hasMessage("d.pdf: conversion timed out after 200 ms")
        .matches(e -> ((ConversionException) e).retryable());
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(ilios.jobs().counts().total()).isZero();
    assertThat(fixture.blobCount()).isZero();
  }

  @Test
  void badDocumentsGetTypedErrorsAndLeaveTheStoreUnchanged() throws Exception {
    Ilios ilios = fixture.start(fixture.builder().maxDocumentSize(1_000));
    SubmitOptions defaults = SubmitOptions.defaults();
    byte[] pdf = Documents.pdf("fine");
    byte[] truncated = java.util.Arrays.copyOf(pdf, pdf.length - 7);
    byte[] tooBig = new byte[1_001];
    System.arraycopy(pdf, 0, tooBig, 0, 8);

    for (boolean sync : new boolean[] {true, false}) {
      Submit submit =
          (bytes, name) -> {
            DocumentSource source = DocumentSource.of(new ByteArrayInputStream(bytes), name);
            if (sync) {
              ilios.converter().convert(source, defaults);
            } else {
              ilios.jobs().submit(source, defaults);
            }
          };
      assertThatThrownBy(() -> submit.run(new byte[0], "empty.pdf"))
          .isInstanceOf(InvalidDocumentException.class)
          .hasMessage("empty.pdf is empty");
      assertThatThrownBy(() -> submit.run(truncated, "cut.pdf"))
          .isInstanceOf(InvalidDocumentException.class)
          .hasMessage("cut.pdf is a truncated or corrupt PDF: it does not end with %%EOF");
      assertThatThrownBy(() -> submit.run("<html>".getBytes(), "page.pdf"))
          .isInstanceOf(InvalidDocumentException.class)
          .hasMessage(
              "page.pdf is not a supported document (its bytes match no known type);"
                  + " supported: [application/pdf, image/jpeg, image/png]");
      assertThatThrownBy(() -> submit.run(Documents.png(), "invoice.pdf"))
          .isInstanceOf(InvalidDocumentException.class)
          .hasMessage("invoice.pdf is named as application/pdf but its bytes are image/png");
      assertThatThrownBy(() -> submit.run(tooBig, "big.pdf"))
          .isInstanceOf(DocumentTooLargeException.class);
    }
    assertThatThrownBy(() -> SubmitOptions.builder().retentionDays(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retentionDays must be between 1 and 3650, was 0");
    assertThatThrownBy(() -> SubmitOptions.builder().retentionDays(3651))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retentionDays must be between 1 and 3650, was 3651");
    assertThatThrownBy(() -> SubmitOptions.builder().priority(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("priority must be between 0 and 10, was -1");
    assertThatThrownBy(() -> ilios.jobs().submitBatch(List.of(), defaults))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a batch needs at least one document, got none");

    assertThat(ilios.jobs().counts().total()).isZero();
    assertThat(fixture.blobCount()).isZero(); // counts partial uploads in blobs/.tmp too
  }

  @FunctionalInterface
  interface Submit {
    void run(byte[] bytes, String name) throws Exception;
  }

  @Test
  void unknownIdsAndOtherOwnersIdsAreNotFoundAlike() throws Exception {
    Ilios ilios = fixture.start();
    Conversion mine =
        ilios
            .converter()
            .convert(
                DocumentSource.of(Documents.pdf("x"), "a.pdf"),
                SubmitOptions.builder().owner("alice").build());
    for (String id : List.of(mine.id(), "00000000-0000-0000-0000-000000000000")) {
      for (Runnable read :
          List.<Runnable>of(
              () -> ilios.documents().get("bob", id),
              () -> ilios.documents().markdown("bob", id),
              () -> ilios.documents().page("bob", id, 1),
              () -> ilios.documents().openOriginal("bob", id),
              () -> ilios.documents().conversion("bob", id))) {
        assertThatThrownBy(read::run)
            .isInstanceOf(NotFoundException.class)
            .hasMessage("document " + id + " not found");
      }
      assertThatThrownBy(() -> ilios.documents().batch("alice", id))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("batch " + id + " not found");
    }
    assertThat(ilios.documents().get("alice", mine.id()).owner()).isEqualTo("alice");
  }
}
