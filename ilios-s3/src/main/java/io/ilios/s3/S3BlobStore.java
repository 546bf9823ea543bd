package io.ilios.s3;

import io.ilios.BlobStoreException;
import io.ilios.NotFoundException;
import io.ilios.internal.Checks;
import io.ilios.spi.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} on AWS S3 or an S3-compatible service (Tigris, Cloudflare R2, MinIO), over
 * the AWS SDK for Java v2. Uploads stream: below the multipart threshold (default 50 MiB) one
 * {@code PutObject}; above it, and for streams of unknown length that turn out larger than one
 * part, a multipart upload whose parts go up a few at a time, so memory holds at most {@code
 * (concurrency + 1) × partSize} bytes whatever the object's size. A failed multipart upload is
 * aborted: no partial object is ever visible. Downloads stream.
 *
 * <pre>{@code
 * S3BlobStore s3 = S3BlobStore.builder()
 *     .bucket("ilios-originals")
 *     .endpoint(URI.create("https://fly.storage.tigris.dev")).region("auto")
 *     .build();
 * }</pre>
 *
 * <p>Failures are {@link BlobStoreException}s naming the bucket and key and the reason (not found,
 * access denied, throttled, unavailable); credentials and signed URLs never appear in them.
 * Thread-safe. Works over the store's own client, a caller's {@code S3Client} or a caller's {@code
 * S3AsyncClient}; {@link #close()} closes the client only if this store made it.
 */
public final class S3BlobStore implements BlobStore, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(S3BlobStore.class);

  /** S3's smallest part (except the last). */
  public static final int MIN_PART_SIZE = 5 << 20;

  private final S3Calls s3;
  private final S3Client syncClient; // null with a caller's async client
  private final boolean ownsClient;
  private final String bucket;
  private final String prefix;
  private final long threshold;
  private final int partSize;
  private final int concurrency;
  private final ExecutorService uploads;

  private S3BlobStore(Builder b) {
    this.ownsClient = b.client == null && b.asyncClient == null;
    this.bucket = b.bucket;
    this.prefix = b.prefix;
    this.threshold = b.threshold;
    this.partSize = b.partSize;
    this.concurrency = b.concurrency;
    AtomicInteger n = new AtomicInteger();
    this.uploads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "ilios-s3-part-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    if (b.asyncClient != null) {
      this.syncClient = null;
      this.s3 = S3Calls.of(b.asyncClient, uploads);
    } else {
      this.syncClient = b.client != null ? b.client : b.makeClient();
      this.s3 = S3Calls.of(syncClient);
    }
  }

  /** Settings for a new store; {@link Builder#bucket} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A store configured from the environment: {@code S3_BUCKET} (required), {@code S3_PREFIX},
   * {@code AWS_REGION} (default {@code us-east-1}), {@code AWS_ENDPOINT_URL_S3} (an S3-compatible
   * service; path-style access then, unless {@code S3_FORCE_PATH_STYLE=false}), and {@code
   * AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} (else the SDK's default credential chain).
   */
  public static S3BlobStore fromEnv(Map<String, String> env) {
    String bucket = env.get("S3_BUCKET");
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalStateException("S3_BUCKET is not set");
    }
    Builder b = builder().bucket(bucket.strip());
    if (env.get("S3_PREFIX") != null) {
      b.prefix(env.get("S3_PREFIX"));
    }
    if (env.get("AWS_REGION") != null && !env.get("AWS_REGION").isBlank()) {
      b.region(env.get("AWS_REGION").strip());
    }
    String endpoint = env.get("AWS_ENDPOINT_URL_S3");
    if (endpoint != null && !endpoint.isBlank()) {
      b.endpoint(URI.create(endpoint.strip()));
      b.pathStyle(!"false".equalsIgnoreCase(env.get("S3_FORCE_PATH_STYLE")));
    }
    String id = env.get("AWS_ACCESS_KEY_ID");
    String secret = env.get("AWS_SECRET_ACCESS_KEY");
    if (id != null && secret != null && !id.isBlank() && !secret.isBlank()) {
      b.credentials(id.strip(), secret.strip());
    }
    return b.build();
  }

  /** The bucket. */
  public String bucket() {
    return bucket;
  }

  /** The client, for tests in this package that list what a store wrote. */
  S3Client client() {
    return syncClient;
  }

  /** The key prefix, possibly empty. */
  public String prefix() {
    return prefix;
  }

  private String objectKey(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty() || key.startsWith("/") || key.contains("..")) {
      throw new IllegalArgumentException("not a blob key: " + key);
    }
    return prefix + key;
  }

  @Override
  public long put(String key, InputStream in, long length) {
    String object = objectKey(key);
    try {
      if (length >= 0 && length < threshold) {
        s3.put(bucket, object, in, length);
        return length;
      }
      // Unknown or large: one part first; if the stream ends within it, a single PutObject.
      byte[] first = in.readNBytes(partSize);
      if (first.length < partSize) {
        s3.put(bucket, object, first, first.length);
        return first.length;
      }
      return multipart(key, object, first, in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the stream for " + describe(key), e);
    } catch (SdkException e) {
      throw failure("put", key, e);
    }
  }

  /**
   * Sends the stream in parts. Part buffers are reused: at most {@code concurrency + 1} of them
   * exist (one being filled, the others on their way), so memory stays bounded and the heap sees no
   * new large array per part.
   */
  private long multipart(String key, String object, byte[] first, InputStream in)
      throws IOException {
    String uploadId = s3.createUpload(bucket, object);
    BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(concurrency + 1);
    int buffers = 1;
    List<Future<CompletedPart>> parts = new ArrayList<>();
    List<Future<CompletedPart>> inFlight = new ArrayList<>(); // not yet seen done
    long total = 0;
    try {
      byte[] buffer = first;
      int filled = first.length;
      for (int number = 1; filled > 0; number++) {
        total += filled;
        Future<CompletedPart> part =
            uploads.submit(uploadPart(object, uploadId, number, buffer, filled, free));
        parts.add(part);
        inFlight.add(part);
        failFast(inFlight);
        buffer = free.poll();
        if (buffer == null && buffers <= concurrency) {
          buffer = new byte[partSize];
          buffers++;
        }
        while (buffer == null) { // all buffers in flight: wait for one, watching for failures
          buffer = free.poll(100, TimeUnit.MILLISECONDS);
          failFast(inFlight);
        }
        filled = in.readNBytes(buffer, 0, partSize);
      }
      List<CompletedPart> done = new ArrayList<>(parts.size());
      for (Future<CompletedPart> f : parts) {
        done.add(result(f));
      }
      s3.completeUpload(bucket, object, uploadId, done);
      return total;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      parts.forEach(f -> f.cancel(true));
      IllegalStateException stopped =
          new IllegalStateException("interrupted while uploading " + describe(key), e);
      abort(key, object, uploadId, stopped);
      throw stopped;
    } catch (IOException | RuntimeException e) {
      parts.forEach(f -> f.cancel(true));
      abort(key, object, uploadId, e);
      throw e;
    }
  }

  /** One part's upload; gives its buffer back when done, whatever happened. */
  private Callable<CompletedPart> uploadPart(
      String object, String uploadId, int number, byte[] buffer, int length, Queue<byte[]> free) {
    return () -> {
      try {
        String etag = s3.uploadPart(bucket, object, uploadId, number, buffer, length);
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
      } finally {
        free.add(buffer);
      }
    };
  }

  /** Stops reading the stream as soon as one part has failed. */
  private static void failFast(List<Future<CompletedPart>> inFlight) {
    inFlight.removeIf(
        f -> {
          if (!f.isDone()) {
            return false;
          }
          result(f); // throws if the part failed
          return true;
        });
  }

  private static CompletedPart result(Future<CompletedPart> f) {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while uploading", e);
    }
  }

  /** Aborts the upload so no parts are left behind, trying a few times (the service may blink). */
  private void abort(String key, String object, String uploadId, Exception cause) {
    for (int attempt = 1; attempt <= 5; attempt++) {
      try {
        s3.abortUpload(bucket, object, uploadId);
        return;
      } catch (SdkException e) {
        if (attempt == 5) {
          cause.addSuppressed(e);
          log.warn("could not abort the multipart upload of {}: {}", describe(key), e.getMessage());
          return;
        }
        try {
          Thread.sleep(200L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public InputStream get(String key) {
    try {
      return s3.get(bucket, objectKey(key), null);
    } catch (NoSuchKeyException e) {
      throw new NotFoundException("blob", key);
    } catch (SdkException e) {
      throw failure("get", key, e);
    }
  }

  /** Bytes {@code first} to {@code last} (inclusive) of the object, streamed. */
  public InputStream getRange(String key, long first, long last) {
    Checks.inRange("first", first, 0, Long.MAX_VALUE);
    Checks.inRange("last", last, first, Long.MAX_VALUE);
    try {
      return s3.get(bucket, objectKey(key), "bytes=" + first + "-" + last);
    } catch (NoSuchKeyException e) {
      throw new NotFoundException("blob", key);
    } catch (SdkException e) {
      throw failure("get", key, e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      s3.delete(bucket, objectKey(key));
    } catch (NoSuchKeyException e) {
      // already gone
    } catch (SdkException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public boolean exists(String key) {
    try {
      s3.head(bucket, objectKey(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && !isMissingBucket(e)) {
        return false;
      }
      throw failure("head", key, e);
    } catch (SdkException e) {
      throw failure("head", key, e);
    }
  }

  /** Lists page by page (1,000 keys each), so a bucket of any size is never held in memory. */
  @Override
  public void forEachKey(String keyPrefix, Instant before, Consumer<String> action) {
    String token = null;
    do {
      ListObjectsV2Response page;
      try {
        page = s3.list(bucket, objectKey(keyPrefix), token);
      } catch (SdkException e) {
        throw failure("list", keyPrefix, e);
      }
      for (S3Object o : page.contents()) {
        if (o.lastModified() != null && o.lastModified().isBefore(before)) {
          action.accept(o.key().substring(prefix.length()));
        }
      }
      token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (token != null);
  }

  private static boolean isMissingBucket(S3Exception e) {
    return e.awsErrorDetails() != null && "NoSuchBucket".equals(e.awsErrorDetails().errorCode());
  }

  private String describe(String key) {
    return "s3://" + bucket + "/" + prefix + key;
  }

  /** A typed failure naming bucket and key; SDK messages carry no credentials. */
  private BlobStoreException failure(String op, String key, SdkException e) {
    BlobStoreException.Reason reason;
    String why;
    if (e instanceof S3Exception s3e) {
      int status = s3e.statusCode();
      String code = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().errorCode();
      if (isMissingBucket(s3e) || (status == 404 && op.equals("head"))) {
        reason = BlobStoreException.Reason.NOT_FOUND;
        why = "bucket " + bucket + " does not exist";
      } else if (status == 403) {
        reason = BlobStoreException.Reason.ACCESS_DENIED;
        why = "access denied (" + code + ")";
      } else if (status == 429 || "SlowDown".equals(code)) {
        reason = BlobStoreException.Reason.THROTTLED;
        why = "throttled (" + code + ")";
      } else if (status >= 500) {
        reason = BlobStoreException.Reason.UNAVAILABLE;
        why = "service error HTTP " + status + " (" + code + ")";
      } else {
        reason = BlobStoreException.Reason.FAILED;
        why = "HTTP " + status + " (" + code + ")";
      }
    } else if (e instanceof SdkClientException) {
      reason = BlobStoreException.Reason.UNAVAILABLE;
      why = "cannot reach the service: " + firstLine(e.getMessage());
    } else {
      reason = BlobStoreException.Reason.FAILED;
      why = firstLine(e.getMessage());
    }
    return new BlobStoreException(key, reason, op + " " + describe(key) + " failed: " + why, e);
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Stops the part threads; closes the S3 client if this store made it. */
  @Override
  public void close() {
    uploads.shutdownNow();
    try {
      uploads.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownsClient) {
      s3.close();
    }
  }

  @Override
  public String toString() {
    return "S3BlobStore{s3://" + bucket + "/" + prefix + "}";
  }

  /** Settings of an {@link S3BlobStore}; setters validate at once. */
  public static final class Builder {
    private S3Client client;
    private S3AsyncClient asyncClient;
    private String bucket;
    private String prefix = "";
    private String region = "us-east-1";
    private URI endpoint;
    private boolean pathStyle;
    private AwsCredentialsProvider credentials;
    private long threshold = 50L << 20;
    private int partSize = 8 << 20;
    private int concurrency = 4;

    private Builder() {}

    /** The bucket. Required. */
    public Builder bucket(String bucket) {
      this.bucket = Checks.notBlank("bucket", bucket, 63);
      return this;
    }

    /** A prefix for every key, such as {@code "ilios/"}. Default none. */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** The region. Default {@code us-east-1} ({@code auto} for R2 and Tigris). */
    public Builder region(String region) {
      this.region = Checks.notBlank("region", region, 50);
      return this;
    }

    /** An S3-compatible service's endpoint. Default: AWS. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
      return this;
    }

    /** Path-style URLs ({@code host/bucket/key}), as MinIO needs. Default off. */
    public Builder pathStyle(boolean on) {
      this.pathStyle = on;
      return this;
    }

    /** Explicit credentials. Default: the SDK's default chain. */
    public Builder credentials(String accessKeyId, String secretAccessKey) {
      this.credentials =
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(
                  Checks.notBlank("accessKeyId", accessKeyId, 256),
                  Checks.notBlank("secretAccessKey", secretAccessKey, 256)));
      return this;
    }

    /** Uses the caller's client (never closed by the store) instead of making one. */
    public Builder client(S3Client client) {
      this.client = Objects.requireNonNull(client, "client");
      this.asyncClient = null;
      return this;
    }

    /**
     * Uses the caller's asynchronous client (never closed by the store): calls are waited on by the
     * store's threads, parts still go up {@link #concurrency} at a time. Its HTTP client (Netty,
     * CRT) is the caller's dependency.
     */
    public Builder asyncClient(S3AsyncClient client) {
      this.asyncClient = Objects.requireNonNull(client, "asyncClient");
      this.client = null;
      return this;
    }

    /** Objects of this size or more go up in parts, 5 MiB–5 GiB. Default 50 MiB. */
    public Builder multipartThreshold(long bytes) {
      this.threshold = Checks.inRange("multipartThreshold", bytes, MIN_PART_SIZE, 5L << 30);
      return this;
    }

    /** Size of each part, 5 MiB–512 MiB. Default 8 MiB. */
    public Builder partSize(int bytes) {
      this.partSize = Checks.inRange("partSize", bytes, MIN_PART_SIZE, 512 << 20);
      return this;
    }

    /** Parts of one object uploaded at once, 1–32. Default 4. */
    public Builder concurrency(int parts) {
      this.concurrency = Checks.inRange("concurrency", parts, 1, 32);
      return this;
    }

    private S3Client makeClient() {
      var b =
          S3Client.builder()
              .region(Region.of(region))
              .credentialsProvider(
                  credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
              .forcePathStyle(pathStyle);
      if (endpoint != null) {
        // Many S3-compatible services reject the newer default checksums; send them only when
        // required.
        b.endpointOverride(endpoint)
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
      }
      return b.build();
    }

    /**
     * The store. Makes its own client unless {@link #client} gave one; does not call the service.
     *
     * @throws IllegalStateException if no bucket is set or the part size exceeds the threshold
     */
    public S3BlobStore build() {
      if (bucket == null) {
        throw new IllegalStateException("bucket is required");
      }
      if (partSize > threshold) {
        throw new IllegalStateException("partSize must not exceed multipartThreshold");
      }
      return new S3BlobStore(this);
    }
  }
}
