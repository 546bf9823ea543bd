package io.ilios.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.BatchHandle;
import io.ilios.BatchStatus;
import io.ilios.BlobStoreException;
import io.ilios.Conversion;
import io.ilios.Document;
import io.ilios.DocumentSource;
import io.ilios.DocumentStatus;
import io.ilios.ExportFormat;
import io.ilios.Ilios;
import io.ilios.IliosBuilder;
import io.ilios.JobHandle;
import io.ilios.NotFoundException;
import io.ilios.RetryPolicy;
import io.ilios.SubmitOptions;
import io.ilios.s3.testing.S3Server;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import io.ilios.testing.SettableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole document pipeline with originals on S3 (S3Proxy on 127.0.0.1): submit, convert, read
 * the original back, batch exports, retention, and storage failures as documents see them.
 */
class S3PipelineTest {
  static final Duration WAIT = Duration.ofSeconds(30);
  @TempDir static Path serverDir;
  static S3Server server;

  @TempDir Path dir;
  final FakeOcrBackend ocr = new FakeOcrBackend();
  final SettableClock clock = new SettableClock(); // retention only: retries need real time
  final String prefix = "p-" + UUID.randomUUID() + "/";

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3Server(serverDir.resolve("s3"));
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  S3BlobStore.Builder s3() {
    return S3BlobStore.builder()
        .bucket(S3Server.BUCKET)
        .prefix(prefix)
        .endpoint(server.endpoint())
        .pathStyle(true)
        .credentials(S3Server.ACCESS, S3Server.SECRET);
  }

  IliosBuilder ilios(SqliteJobStore store, S3BlobStore blobs) {
    return Ilios.builder()
        .store(store)
        .blobs(blobs)
        .originalsInStoreUpTo(0) // every original an S3 object: this test is about S3
        .tempDirectory(dir.resolve("tmp"))
        .ocr(ocr)
        .workers(2)
        .pollInterval(Duration.ofMillis(20))
        .retry(new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(1), 0.2));
  }

  /** The keys under this test's prefix, read with a separate client. */
  static List<String> objects(String prefix) {
    try (S3Client admin = server.client(S3Server.SECRET, true)) {
      List<String> keys = new ArrayList<>();
      admin
          .listObjectsV2Paginator(r -> r.bucket(S3Server.BUCKET).prefix(prefix))
          .contents()
          .forEach(o -> keys.add(o.key()));
      return keys;
    }
  }

  static SubmitOptions keptFor(int days) {
    return SubmitOptions.builder().owner("acme").retentionDays(days).build();
  }

  @Test
  void submitConvertExportAndRetentionRunOnS3() throws Exception {
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("ilios.db"));
        S3BlobStore blobs = s3().build();
        Ilios ilios = ilios(store, blobs).clock(clock).build()) {
      byte[] pdf = Documents.pdf("on s3");
      Conversion sync = ilios.converter().convert(DocumentSource.of(pdf, "sync.pdf"), keptFor(1));
      assertThat(sync.markdown()).startsWith("# sync.pdf").contains(pdf.length + " bytes");
      try (InputStream original = ilios.documents().openOriginal("acme", sync.id())) {
        assertThat(original.readAllBytes()).isEqualTo(pdf);
      }

      JobHandle queued =
          ilios.jobs().submit(DocumentSource.of(Documents.pdf("queued"), "q.pdf"), keptFor(3));
      Document done = ilios.documents().await("acme", queued.documentId(), WAIT);
      assertThat(done.status()).isEqualTo(DocumentStatus.COMPLETED);

      BatchHandle batch =
          ilios
              .jobs()
              .submitBatch(
                  List.of(
                      DocumentSource.of(Documents.pdf("a"), "a.pdf"),
                      DocumentSource.of(Documents.png(), "b.png"),
                      DocumentSource.of(Documents.pdf("c"), "c.pdf")),
                  keptFor(3));
      assertThat(batch.await(WAIT).status()).isEqualTo(BatchStatus.COMPLETED);
      ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
      batch.export(ExportFormat.JSONL, jsonl);
      assertThat(jsonl.toString(StandardCharsets.UTF_8).lines())
          .hasSize(3)
          .allSatisfy(line -> assertThat(line).contains("\"status\":\"completed\""));
      ByteArrayOutputStream zip = new ByteArrayOutputStream();
      batch.export(ExportFormat.ZIP, zip);
      List<String> entries = new ArrayList<>();
      try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
        for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          entries.add(e.getName());
        }
      }
      assertThat(entries).containsExactly("1-a.md", "2-b.md", "3-c.md", "manifest.json");
      assertThat(objects(prefix)).hasSize(5);

      clock.advance(Duration.ofDays(1));
      assertThat(ilios.documents().archiveExpired()).isEqualTo(1);
      assertThat(objects(prefix)).hasSize(4); // the original of the expired document is gone
      assertThatThrownBy(() -> ilios.documents().openOriginal("acme", sync.id()))
          .isInstanceOf(NotFoundException.class);
      clock.advance(Duration.ofDays(2));
      assertThat(ilios.documents().archiveExpired()).isEqualTo(4);
      assertThat(objects(prefix)).isEmpty();
    }
  }

  @Test
  void aSubmitToAMissingBucketFailsTypedAndStoresNothing() throws Exception {
    Path db = dir.resolve("ilios.db");
    try (SqliteJobStore store = SqliteJobStore.open(db);
        S3BlobStore blobs = s3().bucket("no-such-bucket").build();
        Ilios ilios = ilios(store, blobs).build()) {
      assertThatThrownBy(
              () ->
                  ilios
                      .jobs()
                      .submit(
                          DocumentSource.of(Documents.pdf("x"), "x.pdf"), SubmitOptions.defaults()))
          .isInstanceOfSatisfying(
              BlobStoreException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(BlobStoreException.Reason.NOT_FOUND);
                assertThat(e.getMessage()).contains("bucket no-such-bucket does not exist");
              });
    }
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT (SELECT count(*) FROM documents) + count(*) FROM jobs")) {
      assertThat(rs.getLong(1)).isZero();
    }
  }

  @Test
  void aConversionThatFindsStorageDownIsRetriedAndCompletesWhenItIsBack() throws Exception {
    try (S3Client noRetries = server.client(S3Server.SECRET, false);
        SqliteJobStore store = SqliteJobStore.open(dir.resolve("ilios.db"));
        S3BlobStore blobs = s3().client(noRetries).build();
        Ilios ilios = ilios(store, blobs).build()) {
      ocr.behaviour(
          (input, call) -> {
            if (call == 1) {
              server.blink(300); // storage goes away just as the worker reads the original
            }
            return FakeOcrBackend.describe(input);
          });
      // Submitting needs storage; the failure comes on the worker's read.
      JobHandle job =
          ilios.jobs().submit(DocumentSource.of(Documents.pdf("blink"), "blink.pdf"), keptFor(3));
      Document done = ilios.documents().await("acme", job.documentId(), WAIT);
      assertThat(done.status()).isEqualTo(DocumentStatus.COMPLETED);
      assertThat(job.status().attempts()).isGreaterThanOrEqualTo(2);
      assertThat(ilios.documents().markdown("acme", job.documentId()).orElseThrow())
          .startsWith("# blink.pdf");
    }
  }
}
