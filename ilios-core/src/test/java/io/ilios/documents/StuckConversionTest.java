package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.ConversionException;
import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.SubmitOptions;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import io.ilios.testing.IliosFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A synchronous conversion stuck in its backend gives its slot back at its timeout. */
class StuckConversionTest {
  @TempDir Path dir;

  @Test
  void aConversionThatIgnoresItsTimeoutDoesNotTakeTheOnlySlotForever() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (IliosFixture f = new IliosFixture(dir)) {
      f.ocr.behaviour(
          (input, call) -> {
            if (input.fileName().startsWith("stuck")) {
              while (true) {
                try {
                  release.await(); // deaf to interrupts
                  break;
                } catch (InterruptedException ignored) {
                  // keep waiting
                }
              }
            }
            return FakeOcrBackend.describe(input);
          });
      Ilios ilios =
          f.start(f.builder().workers(0).maxConcurrentConversions(1).originalsInStoreUpTo(0));
      SubmitOptions quick = SubmitOptions.builder().timeout(Duration.ofMillis(200)).build();
      assertThatThrownBy(
              () ->
                  ilios
                      .converter()
                      .convert(DocumentSource.of(Documents.pdf("a"), "stuck.pdf"), quick))
          .isInstanceOf(ConversionException.class)
          .hasMessageContaining("timed out after 200 ms");
      // The stuck thread still runs, but the single slot is free again.
      assertThat(
              ilios
                  .converter()
                  .convert(
                      DocumentSource.of(Documents.pdf("b"), "fine.pdf"), SubmitOptions.defaults())
                  .markdown())
          .contains("fine.pdf");
      assertThat(f.blobCount()).as("the stuck conversion stored nothing").isEqualTo(1);
      release.countDown(); // before close, which would wait for the stuck thread
    } finally {
      release.countDown();
    }
  }
}
