package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.BatchHandle;
import io.ilios.Conversion;
import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.IliosBuilder;
import io.ilios.JobHandle;
import io.ilios.JobStatus;
import io.ilios.NotFoundException;
import io.ilios.SubmitOptions;
import io.ilios.testing.SettableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Originals up to {@link IliosBuilder#originalsInStoreUpTo} live in the job store, beside their
 * document: no blob, the same bytes back, converted by the workers, gone when archived; larger ones
 * still go to the blob store.
 */
class OriginalsInStoreTest extends FixtureTest {
  static final int LIMIT = 4096;

  /** A PDF of exactly {@code size} bytes (a comment pads it). */
  static byte[] pdfOfSize(int size) {
    String head = "%PDF-1.7\n%";
    String tail = "\n%%EOF\n";
    return (head + "x".repeat(size - head.length() - tail.length()) + tail)
        .getBytes(StandardCharsets.US_ASCII);
  }

  Ilios start(SettableClock clock) {
    return fixture.start(
        fixture
            .builder()
            .originalsInStoreUpTo(LIMIT)
            .clock(clock)
            .retentionSweepInterval(Duration.ZERO));
  }

  @Test
  void aSmallOriginalIsKeptInTheStoreConvertedAndReadBackByteForByte() throws Exception {
    Ilios ilios = start(new SettableClock());
    byte[] small = pdfOfSize(LIMIT);
    JobHandle h =
        ilios.jobs().submit(DocumentSource.of(small, "small.pdf"), SubmitOptions.defaults());
    assertThat(h.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(fixture.blobCount()).isZero();
    assertThat(ilios.documents().markdown("default", h.documentId()).orElseThrow())
        .contains("small.pdf")
        .contains(LIMIT + " bytes");
    try (var in = ilios.documents().openOriginal("default", h.documentId())) {
      assertThat(in.readAllBytes()).isEqualTo(small);
    }
    assertThatThrownBy(() -> ilios.documents().openOriginal("mallory", h.documentId()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void oneByteOverTheLimitGoesToTheBlobStore() throws Exception {
    Ilios ilios = start(new SettableClock());
    byte[] larger = pdfOfSize(LIMIT + 1);
    JobHandle h =
        ilios.jobs().submit(DocumentSource.of(larger, "larger.pdf"), SubmitOptions.defaults());
    assertThat(h.await(Duration.ofSeconds(30)).status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(fixture.blobCount()).isEqualTo(1);
    try (var in = ilios.documents().openOriginal("default", h.documentId())) {
      assertThat(in.readAllBytes()).isEqualTo(larger);
    }
  }

  @Test
  void aBatchMixesBothAndExportsInOrder() throws Exception {
    Ilios ilios = start(new SettableClock());
    List<DocumentSource> sources =
        List.of(
            DocumentSource.of(pdfOfSize(100), "a.pdf"),
            DocumentSource.of(pdfOfSize(LIMIT * 3), "b.pdf"),
            DocumentSource.of(pdfOfSize(LIMIT), "c.pdf"));
    BatchHandle b = ilios.jobs().submitBatch(sources, SubmitOptions.defaults());
    assertThat(b.await(Duration.ofSeconds(30)).progress().completed()).isEqualTo(3);
    assertThat(fixture.blobCount()).isEqualTo(1);
    var out = new java.io.ByteArrayOutputStream();
    b.export(io.ilios.ExportFormat.JSONL, out);
    String jsonl = out.toString(StandardCharsets.UTF_8);
    assertThat(jsonl.indexOf("a.pdf")).isLessThan(jsonl.indexOf("b.pdf"));
    assertThat(jsonl.indexOf("b.pdf")).isLessThan(jsonl.indexOf("c.pdf"));
    assertThat(jsonl).contains("100 bytes").contains(LIMIT * 3 + " bytes");
  }

  @Test
  void aSynchronousConversionReadsTheBytesItHoldsAndKeepsThem() throws Exception {
    Ilios ilios = start(new SettableClock());
    byte[] small = pdfOfSize(300);
    Conversion c =
        ilios.converter().convert(DocumentSource.of(small, "now.pdf"), SubmitOptions.defaults());
    assertThat(c.markdown()).contains("300 bytes");
    assertThat(fixture.blobCount()).isZero();
    try (var in = ilios.documents().openOriginal("default", c.document().id())) {
      assertThat(in.readAllBytes()).isEqualTo(small);
    }
  }

  @Test
  void archivingDeletesTheOriginalWithThePages() throws Exception {
    SettableClock clock = new SettableClock();
    Ilios ilios = start(clock);
    SubmitOptions oneDay = SubmitOptions.builder().retentionDays(1).build();
    Conversion c = ilios.converter().convert(DocumentSource.of(pdfOfSize(200), "a.pdf"), oneDay);
    clock.advance(Duration.ofDays(1));
    assertThat(ilios.documents().archiveExpired()).isEqualTo(1);
    assertThatThrownBy(() -> ilios.documents().openOriginal("default", c.document().id()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aTruncatedSmallPdfIsRefusedAndNothingIsStored() {
    Ilios ilios = start(new SettableClock());
    byte[] cut = Arrays.copyOf(pdfOfSize(500), 400);
    assertThatThrownBy(
            () -> ilios.jobs().submit(DocumentSource.of(cut, "cut.pdf"), SubmitOptions.defaults()))
        .isInstanceOf(io.ilios.InvalidDocumentException.class)
        .hasMessageContaining("%%EOF");
    assertThat(ilios.jobs().counts().total()).isZero();
  }

  @Test
  void theLimitIsCheckedAndZeroTurnsItOff() throws Exception {
    assertThatThrownBy(() -> Ilios.builder().originalsInStoreUpTo((1 << 20) + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("originalsInStoreUpTo");
    Ilios ilios = fixture.start(fixture.builder().originalsInStoreUpTo(0));
    JobHandle h =
        ilios.jobs().submit(DocumentSource.of(pdfOfSize(100), "a.pdf"), SubmitOptions.defaults());
    h.await(Duration.ofSeconds(30));
    assertThat(fixture.blobCount()).isEqualTo(1);
  }
}
