package io.ilios.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.Batch;
import io.ilios.BatchHandle;
import io.ilios.BatchStatus;
import io.ilios.Conversion;
import io.ilios.Cost;
import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.SubmitOptions;
import io.ilios.blob.LocalBlobStore;
import io.ilios.local.samples.SampleDocuments;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local converter as Ilios's backend: synchronous conversion and a batch. */
class IliosWithLocalTest {
  @TempDir Path dir;

  @Test
  void theSamplesConvertThroughIlios() throws Exception {
    SampleDocuments.main(new String[] {dir.toString()});
    Path data = dir.resolve("data");
    try (LocalConverter local = LocalConverter.builder().dataDirectory(data).build();
        SqliteJobStore store = SqliteJobStore.open(data.resolve("ilios.db"));
        Ilios ilios =
            Ilios.builder()
                .store(store)
                .blobs(LocalBlobStore.at(data.resolve("blobs")))
                .tempDirectory(data.resolve("tmp"))
                .ocr(local)
                .workers(2)
                .build()) {
      Conversion report = ilios.converter().convert(dir.resolve("report.pdf"));
      assertThat(report.pages()).hasSize(2);
      assertThat(report.markdown()).contains("| Region | Revenue | Growth |");
      assertThat(report.metadata().model()).isEqualTo(LocalConverter.MODEL);
      assertThat(report.cost()).isEqualTo(Cost.of(0, 3_000));

      BatchHandle batch =
          ilios
              .jobs()
              .submitBatch(
                  List.of(
                      DocumentSource.of(dir.resolve("two-columns.pdf")),
                      DocumentSource.of(dir.resolve("scanned.pdf")),
                      DocumentSource.of(dir.resolve("note.png"))),
                  SubmitOptions.defaults());
      Batch done = batch.await(Duration.ofMinutes(2));
      assertThat(done.status()).isEqualTo(BatchStatus.COMPLETED);
      assertThat(done.progress().completed()).isEqualTo(3);
      List<String> markdown = new java.util.ArrayList<>();
      ilios
          .documents()
          .forEachDocument(
              batch.owner(),
              batch.id(),
              d -> markdown.add(ilios.documents().markdown(batch.owner(), d.id()).orElseThrow()));
      assertThat(markdown.get(0)).startsWith("# Two Columns");
      assertThat(markdown.get(1)).contains(SampleDocuments.SCANNED_TEXT);
      assertThat(markdown.get(2)).contains(SampleDocuments.SCANNED_TEXT);
    }
  }
}
