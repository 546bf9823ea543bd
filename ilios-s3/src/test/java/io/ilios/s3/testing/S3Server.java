package io.ilios.s3.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 wire-protocol server in this JVM: S3Proxy over a folder, on 127.0.0.1, with SigV4
 * authentication. It can be stopped and started again on the same port and folder.
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS = "ilios-access";
  public static final String SECRET = "ilios-secret-do-not-log";
  public static final String BUCKET = "ilios-test";

  private final Path root;
  private S3Proxy proxy;
  private int port;

  public S3Server(Path root) throws Exception {
    this.root = root;
    Files.createDirectories(root);
    start(0);
    try (S3Client admin = client(SECRET, true)) {
      admin.createBucket(r -> r.bucket(BUCKET));
    }
  }

  private void start(int fixedPort) throws Exception {
    BlobStore store = new FilesystemNio2BlobStore(root.toString());
    proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:" + fixedPort))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
            .build();
    proxy.start();
    while (!proxy.getState().equals("STARTED")) {
      Thread.sleep(10);
    }
    port = proxy.getPort();
  }

  public void stop() throws Exception {
    proxy.stop();
  }

  public void restart() throws Exception {
    start(port);
  }

  /** Stops the server now and starts it again on the same port after {@code downMs}. */
  public void blink(long downMs) {
    try {
      stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop S3Proxy", e);
    }
    Thread restart =
        new Thread(
            () -> {
              try {
                Thread.sleep(downMs);
                restart();
              } catch (Exception e) {
                throw new IllegalStateException("cannot restart S3Proxy", e);
              }
            },
            "s3-server-restart");
    restart.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A client for this server; {@code retries} off makes failures show at once. */
  public S3Client client(String secret, boolean retries) {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, secret)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .overrideConfiguration(
            c -> {
              if (!retries) {
                c.retryStrategy(AwsRetryStrategy.doNotRetry());
              }
            })
        .build();
  }

  /**
   * Runs a server over the folder {@code args[0]} in its own process (so a benchmark's heap holds
   * only the client), prints {@code endpoint=URL} once it serves, and stops when standard input
   * closes: the parent's exit ends it.
   */
  public static void main(String[] args) throws Exception {
    try (S3Server server = new S3Server(Path.of(args[0]))) {
      System.out.println("endpoint=" + server.endpoint());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to go away
      }
    }
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop S3Proxy", e);
    }
  }
}
