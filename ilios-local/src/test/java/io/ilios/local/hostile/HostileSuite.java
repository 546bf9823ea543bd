package io.ilios.local.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.Batch;
import io.ilios.BatchHandle;
import io.ilios.Document;
import io.ilios.DocumentSource;
import io.ilios.DocumentStatus;
import io.ilios.Ilios;
import io.ilios.IliosBuilder;
import io.ilios.InvalidDocumentException;
import io.ilios.RetryPolicy;
import io.ilios.SubmitOptions;
import io.ilios.blob.LocalBlobStore;
import io.ilios.local.LocalConverter;
import io.ilios.local.hostile.HostileDocuments.Case;
import io.ilios.local.hostile.HostileDocuments.Expect;
import io.ilios.spi.JobStore;
import io.ilios.spi.OcrBackend;
import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import io.ilios.testing.NoThreadLeaks;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every hostile case through the whole library, on the store a subclass gives: submitted in one
 * batch between two good documents. Each case is refused at submit, fails alone with a typed error,
 * or converts; the good documents always convert; every case ends within the batch's wait; no
 * thread is left behind; the store and the blob folder hold nothing half-written.
 */
@ExtendWith(NoThreadLeaks.class)
public abstract class HostileSuite {
  @TempDir protected Path dir;

  /** A new, empty store under {@code dir}; closed by the test. */
  protected abstract JobStore openStore(Path dir);

  private IliosBuilder builder(JobStore store, OcrBackend ocr) {
    return Ilios.builder()
        .store(store)
        .blobs(LocalBlobStore.at(dir.resolve("blobs")))
        .tempDirectory(dir.resolve("tmp"))
        .ocr(ocr)
        .workers(2)
        .pollInterval(Duration.ofMillis(50))
        .retry(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), 0.2));
  }

  private static DocumentSource source(String name, byte[] bytes) {
    return DocumentSource.of(bytes, name);
  }

  @Test
  void everyHostileDocumentFailsOnlyItselfAndTheRestOfTheBatchConverts() throws Exception {
    List<Case> cases = HostileDocuments.all();
    try (JobStore store = openStore(dir);
        LocalConverter local =
            LocalConverter.builder().dataDirectory(dir.resolve("local")).ocrThreads(2).build();
        Ilios ilios = builder(store, local).build()) {
      List<DocumentSource> batch = new ArrayList<>();
      batch.add(source("first-good.pdf", HostileDocuments.textPdf("A good document", 2)));
      for (Case c : cases) {
        if (c.expect() == Expect.REFUSED) {
          assertThatThrownBy(
                  () -> ilios.jobs().submit(source(c.name(), c.bytes()), SubmitOptions.defaults()))
              .as(c.name())
              .isInstanceOf(InvalidDocumentException.class)
              .hasMessageContaining(c.errorContains());
        } else {
          batch.add(source(c.name(), c.bytes()));
        }
      }
      batch.add(source("last-good.pdf", HostileDocuments.textPdf("A good document", 1)));
      BatchHandle handle = ilios.jobs().submitBatch(batch, SubmitOptions.defaults());
      Batch done = handle.await(Duration.ofMinutes(5));
      assertThat(done.progress().pending() + done.progress().processing()).isZero();

      Map<String, Case> byName = new HashMap<>();
      cases.forEach(c -> byName.put(c.name(), c));
      List<Document> documents = new ArrayList<>();
      ilios.documents().forEachDocument(handle.owner(), handle.id(), documents::add);
      assertThat(documents).hasSize(batch.size());
      for (Document d : documents) {
        Case c = byName.get(d.fileName());
        if (c == null) {
          assertThat(d.status()).as(d.fileName()).isEqualTo(DocumentStatus.COMPLETED);
          assertThat(ilios.documents().markdown(d.owner(), d.id()).orElseThrow())
              .contains("A good document");
          continue;
        }
        if (d.status() == DocumentStatus.FAILED) {
          assertThat(c.expect())
              .as("%s failed: %s", c.name(), d.error())
              .isIn(Expect.FAILED, Expect.SURVIVED);
          assertThat(d.error().orElseThrow())
              .contains("InvalidDocumentException")
              .contains(c.errorContains());
          assertThat(ilios.jobs().status(d.owner(), d.jobId()).attempts())
              .as("%s is not retried", c.name())
              .isEqualTo(1);
        } else {
          assertThat(d.status()).as(d.fileName()).isEqualTo(DocumentStatus.COMPLETED);
          assertThat(c.expect())
              .as("%s converted", c.name())
              .isIn(Expect.CONVERTED, Expect.SURVIVED);
        }
      }
      // One original per stored document (small ones in the store), nothing half-written beside.
      long large = 0;
      for (Document d : documents) {
        try (var original = ilios.documents().openOriginal(d.owner(), d.id())) {
          assertThat(original.transferTo(OutputStream.nullOutputStream()))
              .as(d.fileName())
              .isEqualTo(d.size());
        }
        large += d.size() > IliosBuilder.DEFAULT_ORIGINALS_IN_STORE_UP_TO ? 1 : 0;
      }
      assertThat(blobFiles()).hasSize((int) large);
    }
    assertThat(leftoverTempFiles()).isEmpty();
  }

  @Test
  void aBackendThatNeverReturnsFailsItsDocumentAndTheOthersStillConvert() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    OcrBackend hanging =
        new OcrBackend() {
          @Override
          public String name() {
            return "hanging";
          }

          @Override
          public Set<String> supportedMimeTypes() {
            return Set.of("application/pdf");
          }

          @Override
          public OcrResult convert(OcrInput input) {
            if (input.fileName().startsWith("hang")) {
              while (true) {
                try {
                  release.await(); // deaf to interrupts, as a stuck native call is
                  break;
                } catch (InterruptedException ignored) {
                  // keep waiting
                }
              }
            }
            return new OcrResult(List.of("converted " + input.fileName()), "m", 0, 0);
          }
        };
    try (JobStore store = openStore(dir);
        Ilios ilios = builder(store, hanging).workers(1).build()) {
      SubmitOptions quick = SubmitOptions.builder().timeout(Duration.ofMillis(200)).build();
      byte[] pdf = HostileDocuments.textPdf("x", 1);
      BatchHandle handle =
          ilios
              .jobs()
              .submitBatch(List.of(source("hang.pdf", pdf), source("after.pdf", pdf)), quick);
      Batch done = handle.await(Duration.ofMinutes(2));
      assertThat(done.progress().failed()).isEqualTo(1);
      assertThat(done.progress().completed()).isEqualTo(1);
    } finally {
      release.countDown();
    }
  }

  private List<Path> blobFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("blobs"))) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  private List<Path> leftoverTempFiles() {
    Path tmp = dir.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(tmp)) {
      return files.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
