package io.ilios.testing;

import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.Job;
import io.ilios.JobHandle;
import io.ilios.JobStatus;
import io.ilios.SubmitOptions;
import io.ilios.blob.LocalBlobStore;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Runs one document through submit, the queue and the fake backend (which copies it to a temporary
 * file and streams that to a digest) in a JVM started with a small heap. Prints the page Markdown;
 * exits 1 if the job did not complete. Arguments: data folder, document.
 */
public final class LargeDocumentChild {
  private LargeDocumentChild() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    try (SqliteJobStore store = SqliteJobStore.open(data.resolve("ilios.db"));
        Ilios ilios =
            Ilios.builder()
                .store(store)
                .blobs(LocalBlobStore.at(data.resolve("blobs")))
                .ocr(
                    new FakeOcrBackend()
                        .behaviour((input, call) -> FakeOcrBackend.describeViaTempFile(input)))
                .tempDirectory(data.resolve("tmp"))
                .workers(1)
                .build()) {
      JobHandle h =
          ilios.jobs().submit(DocumentSource.of(Path.of(args[1])), SubmitOptions.defaults());
      Job job = h.await(Duration.ofMinutes(5));
      System.out.println("status " + job.status() + " " + job.error().orElse(""));
      System.out.println(h.conversion().map(c -> c.markdown()).orElse(""));
      System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
      try (Stream<Path> left = Files.list(data.resolve("tmp"))) {
        System.out.println("temporary files left: " + left.count());
      }
      System.exit(job.status() == JobStatus.COMPLETED ? 0 : 1);
    }
  }
}
