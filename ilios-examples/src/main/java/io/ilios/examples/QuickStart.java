package io.ilios.examples;

import io.ilios.Batch;
import io.ilios.BatchHandle;
import io.ilios.Conversion;
import io.ilios.DocumentSource;
import io.ilios.ExportFormat;
import io.ilios.Ilios;
import io.ilios.SubmitOptions;
import io.ilios.UsageTotals;
import io.ilios.blob.LocalBlobStore;
import io.ilios.local.LocalConverter;
import io.ilios.store.SqliteJobStore;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The library from Java, with the embedded converter: converts the first file now, queues the rest
 * as a batch for the worker pool, writes the batch as JSONL and prints the usage.
 *
 * <p>Run with file paths; with none, it uses the samples in {@code docs/samples}.
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) throws Exception {
    List<Path> files = new ArrayList<>();
    for (String a : args) {
      files.add(Path.of(a));
    }
    if (files.isEmpty()) {
      files.addAll(
          List.of(
              Path.of("docs/samples/report.pdf"),
              Path.of("docs/samples/two-columns.pdf"),
              Path.of("docs/samples/scanned.pdf")));
    }
    Path data = Path.of("data");
    try (LocalConverter local = LocalConverter.builder().dataDirectory(data).build();
        SqliteJobStore store = SqliteJobStore.open(data.resolve("ilios.db"));
        Ilios ilios =
            Ilios.builder()
                .store(store)
                .blobs(LocalBlobStore.at(data.resolve("blobs")))
                .ocr(local)
                .workers(2)
                .build()) {
      SubmitOptions options = SubmitOptions.builder().owner("example").build();

      Conversion now = ilios.converter().convert(DocumentSource.of(files.get(0)), options);
      System.out.println(now.markdown());

      if (files.size() > 1) {
        List<DocumentSource> rest = new ArrayList<>();
        files.subList(1, files.size()).forEach(f -> rest.add(DocumentSource.of(f)));
        BatchHandle batch = ilios.jobs().submitBatch(rest, options);
        Batch done = batch.await(Duration.ofMinutes(5));
        Path results = data.resolve("results.jsonl");
        try (OutputStream out = Files.newOutputStream(results)) {
          batch.export(ExportFormat.JSONL, out);
        }
        System.out.println("\nbatch " + done.status() + ": " + done.progress() + " -> " + results);
      }

      UsageTotals usage = ilios.usage().summary("example", Instant.EPOCH, Instant.now());
      System.out.println(
          "usage: " + usage.operations() + " conversions, " + usage.pages() + " pages");
    }
  }
}
