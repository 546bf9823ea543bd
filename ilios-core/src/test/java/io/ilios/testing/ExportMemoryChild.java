package io.ilios.testing;

import io.ilios.Batch;
import io.ilios.BatchHandle;
import io.ilios.BatchStatus;
import io.ilios.DocumentSource;
import io.ilios.ExportFormat;
import io.ilios.Ilios;
import io.ilios.SubmitOptions;
import io.ilios.blob.LocalBlobStore;
import io.ilios.spi.OcrResult;
import io.ilios.store.SqliteJobStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Converts a batch whose Markdown is several times larger than this JVM's heap, then exports it as
 * JSONL and as ZIP to a counting sink and prints the byte counts. Run with a small {@code -Xmx}: an
 * export that held the batch in memory would fail with {@link OutOfMemoryError}. Arguments: data
 * folder, documents, pages per document, characters per page.
 */
public final class ExportMemoryChild {
  private ExportMemoryChild() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    int documents = Integer.parseInt(args[1]);
    int pages = Integer.parseInt(args[2]);
    String page = "x".repeat(Integer.parseInt(args[3]));
    FakeOcrBackend ocr = new FakeOcrBackend();
    ocr.behaviour(
        (input, call) ->
            new OcrResult(Collections.nCopies(pages, page), FakeOcrBackend.MODEL, 0, 0));
    try (SqliteJobStore store = SqliteJobStore.open(data.resolve("ilios.db"));
        Ilios ilios =
            Ilios.builder()
                .store(store)
                .blobs(LocalBlobStore.at(data.resolve("blobs")))
                .tempDirectory(data.resolve("tmp"))
                .ocr(ocr)
                .workers(2)
                .build()) {
      List<DocumentSource> sources = new ArrayList<>();
      for (int i = 0; i < documents; i++) {
        sources.add(DocumentSource.of(Documents.pdf("doc " + i), "doc-" + i + ".pdf"));
      }
      BatchHandle batch = ilios.jobs().submitBatch(sources, SubmitOptions.defaults());
      Batch done = batch.await(Duration.ofMinutes(5));
      System.out.println("batch " + done.status() + " " + done.progress());
      for (ExportFormat format : ExportFormat.values()) {
        Counting sink = new Counting();
        batch.export(format, sink);
        System.out.println(format + " bytes " + sink.count);
      }
      System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
      System.exit(done.status() == BatchStatus.COMPLETED ? 0 : 1);
    }
  }

  /** Counts bytes and drops them. */
  static final class Counting extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      count += len;
    }
  }
}
