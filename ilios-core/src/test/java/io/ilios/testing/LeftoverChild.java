package io.ilios.testing;

import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.blob.LocalBlobStore;
import io.ilios.spi.TempFile;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A process that is killed in the middle of a synchronous conversion: its original is stored and
 * its temporary copy made, but no document is recorded. Prints {@code converting} when that point
 * is reached, then waits to be killed. Args: the data folder.
 */
public final class LeftoverChild {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    FakeOcrBackend ocr =
        new FakeOcrBackend()
            .behaviour(
                (input, call) -> {
                  try {
                    TempFile copy = input.copyToTempFile(); // left behind by the kill
                    System.out.println("converting " + copy.path().getFileName());
                    System.out.flush();
                    new CountDownLatch(1).await();
                    return null;
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("ilios.db"));
        Ilios ilios =
            Ilios.builder()
                .store(store)
                .blobs(LocalBlobStore.at(dir.resolve("blobs")))
                .tempDirectory(dir.resolve("tmp"))
                .ocr(ocr)
                .workers(0)
                .build()) {
      ilios
          .converter()
          .convert(
              DocumentSource.of(Documents.pdf("doomed"), "doomed.pdf"),
              io.ilios.SubmitOptions.defaults());
    }
  }
}
