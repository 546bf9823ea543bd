package io.ilios.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.BlobStoreException;
import io.ilios.s3.testing.S3Server;
import io.ilios.spi.BlobStore;
import io.ilios.testing.BlobStoreContract;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** The blob-store contract through a caller's asynchronous client (Netty), against S3Proxy. */
class S3AsyncClientTest extends BlobStoreContract {
  @TempDir static Path dir;
  static S3Server server;
  static S3AsyncClient client;
  S3BlobStore store;

  @BeforeAll
  static void start() throws Exception {
    server = new S3Server(dir.resolve("s3"));
    client =
        S3AsyncClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3Server.ACCESS, S3Server.SECRET)))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @BeforeEach
  void open() {
    store =
        S3BlobStore.builder()
            .bucket(S3Server.BUCKET)
            .prefix("async-" + UUID.randomUUID() + "/")
            .asyncClient(client)
            .multipartThreshold(S3BlobStore.MIN_PART_SIZE)
            .partSize(S3BlobStore.MIN_PART_SIZE)
            .build();
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
  void rangesAndErrorsMatchTheSynchronousClient() throws Exception {
    store.put("r", new ByteArrayInputStream("0123456789".getBytes()), 10);
    try (InputStream in = store.getRange("r", 2, 4)) {
      assertThat(new String(in.readAllBytes())).isEqualTo("234");
    }
    try (S3BlobStore missing =
        S3BlobStore.builder().bucket("no-such-bucket").asyncClient(client).build()) {
      assertThatThrownBy(() -> missing.put("x", new ByteArrayInputStream(new byte[] {1}), 1))
          .isInstanceOfSatisfying(
              BlobStoreException.class,
              e -> assertThat(e.reason()).isEqualTo(BlobStoreException.Reason.NOT_FOUND));
    }
    store.close();
    assertThat(client.listBuckets().join().buckets()).isNotEmpty(); // the caller's client is open
  }
}
