package io.ilios.testing;

import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.SubmitOptions;
import io.ilios.spi.OcrInput;
import io.ilios.spi.TempFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A process that is killed in the middle of a synchronous conversion: its original is stored and
 * its temporary copy made, but no document is recorded. Prints {@code converting} when that point
 * is reached, then waits to be killed. Args: the data folder.
 */
public final class LeftoverChild {
  public static void main(String[] args) throws Exception {
    try (IliosFixture f = new IliosFixture(Path.of(args[0]))) {
      f.ocr.behaviour(
          (input, call) -> {
            TempFile copy = copy(input); // left behind by the kill
            System.out.println("converting " + copy.path().getFileName());
            System.out.flush();
            new CountDownLatch(1).await();
            return null;
          });
      Ilios ilios = f.start(f.builder().workers(0).originalsInStoreUpTo(0));
      ilios
          .converter()
          .convert(
              DocumentSource.of(Documents.pdf("doomed"), "doomed.pdf"), SubmitOptions.defaults());
    }
  }

  private static TempFile copy(OcrInput input) {
    try {
      return input.copyToTempFile();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
