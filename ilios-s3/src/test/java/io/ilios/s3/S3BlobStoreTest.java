package io.ilios.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.BlobStoreException;
import io.ilios.s3.testing.S3Server;
import io.ilios.spi.BlobStore;
import io.ilios.testing.BlobStoreContract;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The blob-store contract, and S3's own cases, against S3Proxy speaking the S3 wire protocol. */
class S3BlobStoreTest extends BlobStoreContract {
  @TempDir static Path dir;
  static S3Server server;
  S3BlobStore store;

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3Server(dir.resolve("s3"));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  /** A store with a small threshold and parts, so the contract's large object goes multipart. */
  S3BlobStore.Builder builder() {
    return S3BlobStore.builder()
        .bucket(S3Server.BUCKET)
        .prefix("t-" + UUID.randomUUID() + "/")
        .endpoint(server.endpoint())
        .pathStyle(true)
        .credentials(S3Server.ACCESS, S3Server.SECRET)
        .multipartThreshold(S3BlobStore.MIN_PART_SIZE)
        .partSize(S3BlobStore.MIN_PART_SIZE);
  }

  @BeforeEach
  void open() {
    store = builder().build();
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Override
  protected BlobStore store() {
    return store;
  }

  @Test
  void aMultipartUploadOfMoreThan100MibFromAStreamOfUnknownLengthIsExact() throws Exception {
    long size = (105L << 20) + 12_345; // not a multiple of the part size
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    assertThat(store.put("big", new RandomStream(size, 42, sent), -1)).isEqualTo(size);
    assertThat(sha256(store.get("big"))).isEqualTo(HexFormat.of().formatHex(sent.digest()));
    try (S3Client admin = server.client(S3Server.SECRET, true)) {
      assertThat(admin.listMultipartUploads(r -> r.bucket(S3Server.BUCKET)).uploads()).isEmpty();
    }
  }

  @Test
  void rangedReadsStreamPartOfAnObject() throws Exception {
    store.put("r", new ByteArrayInputStream("0123456789".getBytes()), 10);
    try (InputStream in = store.getRange("r", 3, 6)) {
      assertThat(new String(in.readAllBytes())).isEqualTo("3456");
    }
  }

  @Test
  void anUploadCutOffByTheServerGoingAwayIsAbortedAndLeavesNothing() throws Exception {
    try (S3Client noRetries = server.client(S3Server.SECRET, false);
        S3BlobStore fragile = builder().client(noRetries).build()) {
      InputStream killsTheServer =
          new FilterInputStream(new RandomStream(40L << 20, 9, null)) {
            long read;
            boolean stopped;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              if (!stopped && read > (12L << 20)) {
                stopped = true;
                // The service goes away in the middle of the upload and comes back in time
                // for the abort.
                server.blink(300);
              }
              int n = super.read(b, off, len);
              read += Math.max(n, 0);
              return n;
            }
          };
      assertThatThrownBy(() -> fragile.put("cut", killsTheServer, -1))
          .isInstanceOfSatisfying(
              BlobStoreException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(BlobStoreException.Reason.UNAVAILABLE);
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage())
                    .startsWith("put s3://" + S3Server.BUCKET + "/")
                    .doesNotContain(S3Server.SECRET);
              });
      Thread.sleep(500);
      assertThat(store.exists("cut")).isFalse();
      try (S3Client admin = server.client(S3Server.SECRET, true)) {
        assertThat(admin.listMultipartUploads(r -> r.bucket(S3Server.BUCKET)).uploads()).isEmpty();
      }
    }
  }

  @Test
  void wrongCredentialsAreAccessDeniedWithoutShowingThem() {
    try (S3BlobStore wrong = builder().credentials(S3Server.ACCESS, "not-the-secret").build()) {
      assertThatThrownBy(() -> wrong.put("x", new ByteArrayInputStream(new byte[] {1}), 1))
          .isInstanceOfSatisfying(
              BlobStoreException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(BlobStoreException.Reason.ACCESS_DENIED);
                assertThat(e.getMessage())
                    .contains("access denied")
                    .doesNotContain("not-the-secret");
              });
    }
  }

  @Test
  void aMissingBucketIsNamed() {
    try (S3BlobStore missing = builder().bucket("no-such-bucket").build()) {
      assertThatThrownBy(() -> missing.put("x", new ByteArrayInputStream(new byte[] {1}), 1))
          .isInstanceOfSatisfying(
              BlobStoreException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(BlobStoreException.Reason.NOT_FOUND);
                assertThat(e.getMessage()).contains("bucket no-such-bucket does not exist");
              });
    }
  }

  @Test
  void aCallersClientIsNeverClosed() {
    try (S3Client own = server.client(S3Server.SECRET, true)) {
      S3BlobStore borrowing = builder().client(own).build();
      borrowing.close();
      assertThat(own.listBuckets().buckets()).isNotEmpty(); // still usable
    }
  }

  @Test
  void fromEnvReadsTheStandardVariables() throws Exception {
    Map<String, String> env =
        Map.of(
            "S3_BUCKET",
            S3Server.BUCKET,
            "S3_PREFIX",
            "env-" + UUID.randomUUID() + "/",
            "AWS_REGION",
            "auto",
            "AWS_ENDPOINT_URL_S3",
            server.endpoint().toString(),
            "AWS_ACCESS_KEY_ID",
            S3Server.ACCESS,
            "AWS_SECRET_ACCESS_KEY",
            S3Server.SECRET);
    try (S3BlobStore fromEnv = S3BlobStore.fromEnv(env)) {
      fromEnv.put("e", new ByteArrayInputStream("env".getBytes()), 3);
      try (InputStream in = fromEnv.get("e")) {
        assertThat(new String(in.readAllBytes())).isEqualTo("env");
      }
      assertThat(fromEnv.prefix()).isEqualTo(env.get("S3_PREFIX"));
      assertThat(fromEnv).hasToString("S3BlobStore{s3://ilios-test/" + env.get("S3_PREFIX") + "}");
    }
    assertThatThrownBy(() -> S3BlobStore.fromEnv(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("S3_BUCKET is not set");
  }

  @Test
  void invalidSettingsAreRejectedAtOnce() {
    assertThatThrownBy(() -> S3BlobStore.builder().partSize(1 << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("partSize");
    assertThatThrownBy(() -> S3BlobStore.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("bucket is required");
    assertThatThrownBy(() -> store.put("../escape", new ByteArrayInputStream(new byte[0]), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
