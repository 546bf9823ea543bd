package io.ilios.mistral;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.Conversion;
import io.ilios.Cost;
import io.ilios.Document;
import io.ilios.DocumentSource;
import io.ilios.DocumentStatus;
import io.ilios.Ilios;
import io.ilios.IliosBuilder;
import io.ilios.JobHandle;
import io.ilios.Operation;
import io.ilios.RetryPolicy;
import io.ilios.SubmitOptions;
import io.ilios.blob.LocalBlobStore;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Mistral backend plugged into Ilios: usage, cost, retries and failures as documents see them.
 */
class MistralWithIliosTest {
  @TempDir Path dir;

  IliosBuilder ilios(SqliteJobStore store, MistralOcr backend) {
    return Ilios.builder()
        .store(store)
        .blobs(LocalBlobStore.at(dir.resolve("blobs")))
        .tempDirectory(dir.resolve("tmp"))
        .ocr(backend)
        .workers(2)
        .pollInterval(Duration.ofMillis(20))
        .retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 0.2));
  }

  @Test
  void conversionsThroughMistralAreCostedAndFailuresReachTheDocument() throws Exception {
    try (FakeMistral mistral = new FakeMistral();
        MistralOcr backend =
            MistralOcr.builder()
                .apiKey("sk-test")
                .baseUrl(mistral.baseUrl())
                .retry(new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(5), 0))
                .tempDirectory(dir.resolve("tmp"))
                .build();
        SqliteJobStore store = SqliteJobStore.open(dir.resolve("ilios.db"));
        Ilios ilios = ilios(store, backend).build()) {
      Conversion c = ilios.converter().convert(Pdfs.numbered(2), "two.pdf");
      assertThat(c.pages()).containsExactly("page 1", "page 2");
      assertThat(c.model()).isEqualTo(FakeMistral.MODEL);
      // USD 1 per 1,000 pages for any Mistral OCR model, plus the 30 % margin.
      assertThat(c.cost()).isEqualTo(Cost.of(2_000, 3_000));

      mistral.then(FakeMistral.status(422, "{\"message\":\"Document is not a valid PDF\"}"));
      JobHandle bad =
          ilios
              .jobs()
              .submit(DocumentSource.of(Pdfs.numbered(1), "bad.pdf"), SubmitOptions.defaults());
      Document failed =
          ilios.documents().await(bad.owner(), bad.documentId(), Duration.ofSeconds(30));
      assertThat(failed.status()).isEqualTo(DocumentStatus.FAILED);
      assertThat(failed.error().orElseThrow()).contains("HTTP 422: Document is not a valid PDF");
      assertThat(bad.status().attempts()).isEqualTo(1); // not retried

      var usage =
          ilios
              .usage()
              .breakdown(SubmitOptions.DEFAULT_OWNER, Instant.EPOCH, Instant.now().plusSeconds(5));
      assertThat(usage.byOperation().get(Operation.CONVERT).totalCostMicros()).isEqualTo(2_600);
    }
  }

  /** Runs against the real service only when MISTRAL_API_KEY is set. */
  @Test
  void liveMistral() throws Exception {
    String key = System.getenv("MISTRAL_API_KEY");
    Assumptions.assumeTrue(key != null && !key.isBlank(), "MISTRAL_API_KEY is not set");
    try (MistralOcr backend =
            MistralOcr.builder().apiKey(key).tempDirectory(dir.resolve("tmp")).build();
        SqliteJobStore store = SqliteJobStore.open(dir.resolve("live.db"));
        Ilios ilios = ilios(store, backend).build()) {
      Conversion c = ilios.converter().convert(Pdfs.numbered(2), "live.pdf");
      assertThat(c.pages()).hasSize(2);
      assertThat(c.markdown()).containsIgnoringCase("page 1").containsIgnoringCase("page 2");
    }
  }
}
