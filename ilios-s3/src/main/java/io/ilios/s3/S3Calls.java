package io.ilios.s3;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * The S3 operations the store uses, over either client kind, so one store serves callers with an
 * {@link S3Client} or an {@link S3AsyncClient}. Failures surface as the SDK's exceptions in both.
 */
interface S3Calls {
  void put(String bucket, String key, InputStream in, long length);

  void put(String bucket, String key, byte[] bytes, int length);

  String createUpload(String bucket, String key);

  String uploadPart(String bucket, String key, String uploadId, int part, byte[] b, int length);

  void completeUpload(String bucket, String key, String uploadId, List<CompletedPart> parts);

  void abortUpload(String bucket, String key, String uploadId);

  /** The object, or bytes {@code range} ("bytes=first-last") of it when not null, streamed. */
  ResponseInputStream<GetObjectResponse> get(String bucket, String key, String range);

  void delete(String bucket, String key);

  void head(String bucket, String key);

  /** One page of the keys under {@code prefix}, after {@code token} (null for the first). */
  ListObjectsV2Response list(String bucket, String prefix, String token);

  void close();

  /** The synchronous client. */
  static S3Calls of(S3Client s3) {
    return new S3Calls() {
      @Override
      public void put(String bucket, String key, InputStream in, long length) {
        s3.putObject(
            r -> r.bucket(bucket).key(key).contentLength(length),
            RequestBody.fromInputStream(in, length));
      }

      @Override
      public void put(String bucket, String key, byte[] bytes, int length) {
        s3.putObject(
            r -> r.bucket(bucket).key(key).contentLength((long) length), body(bytes, length));
      }

      @Override
      public String createUpload(String bucket, String key) {
        return s3.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
      }

      @Override
      public String uploadPart(
          String bucket, String key, String uploadId, int part, byte[] b, int length) {
        return s3.uploadPart(
                r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(part), body(b, length))
            .eTag();
      }

      @Override
      public void completeUpload(
          String bucket, String key, String uploadId, List<CompletedPart> parts) {
        s3.completeMultipartUpload(
            r -> r.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
      }

      @Override
      public void abortUpload(String bucket, String key, String uploadId) {
        s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
      }

      @Override
      public ResponseInputStream<GetObjectResponse> get(String bucket, String key, String range) {
        return s3.getObject(request(bucket, key, range));
      }

      @Override
      public void delete(String bucket, String key) {
        s3.deleteObject(r -> r.bucket(bucket).key(key));
      }

      @Override
      public void head(String bucket, String key) {
        s3.headObject(r -> r.bucket(bucket).key(key));
      }

      @Override
      public ListObjectsV2Response list(String bucket, String prefix, String token) {
        return s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(token));
      }

      @Override
      public void close() {
        s3.close();
      }
    };
  }

  /**
   * The asynchronous client, waited on: the store's own threads already bound the work in flight.
   * {@code readers} reads streams of known length into request bodies.
   */
  static S3Calls of(S3AsyncClient s3, ExecutorService readers) {
    return new S3Calls() {
      @Override
      public void put(String bucket, String key, InputStream in, long length) {
        join(
            s3.putObject(
                r -> r.bucket(bucket).key(key).contentLength(length),
                AsyncRequestBody.fromInputStream(in, length, readers)));
      }

      @Override
      public void put(String bucket, String key, byte[] bytes, int length) {
        join(
            s3.putObject(
                r -> r.bucket(bucket).key(key).contentLength((long) length),
                asyncBody(bytes, length)));
      }

      @Override
      public String createUpload(String bucket, String key) {
        return join(s3.createMultipartUpload(r -> r.bucket(bucket).key(key))).uploadId();
      }

      @Override
      public String uploadPart(
          String bucket, String key, String uploadId, int part, byte[] b, int length) {
        return join(s3.uploadPart(
                r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumber(part),
                asyncBody(b, length)))
            .eTag();
      }

      @Override
      public void completeUpload(
          String bucket, String key, String uploadId, List<CompletedPart> parts) {
        join(
            s3.completeMultipartUpload(
                r ->
                    r.bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .multipartUpload(m -> m.parts(parts))));
      }

      @Override
      public void abortUpload(String bucket, String key, String uploadId) {
        join(s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)));
      }

      @Override
      public ResponseInputStream<GetObjectResponse> get(String bucket, String key, String range) {
        return join(
            s3.getObject(
                request(bucket, key, range), AsyncResponseTransformer.toBlockingInputStream()));
      }

      @Override
      public void delete(String bucket, String key) {
        join(s3.deleteObject(r -> r.bucket(bucket).key(key)));
      }

      @Override
      public void head(String bucket, String key) {
        join(s3.headObject(r -> r.bucket(bucket).key(key)));
      }

      @Override
      public ListObjectsV2Response list(String bucket, String prefix, String token) {
        return join(
            s3.listObjectsV2(r -> r.bucket(bucket).prefix(prefix).continuationToken(token)));
      }

      @Override
      public void close() {
        s3.close();
      }
    };
  }

  private static GetObjectRequest request(String bucket, String key, String range) {
    GetObjectRequest.Builder b = GetObjectRequest.builder().bucket(bucket).key(key);
    if (range != null) {
      b.range(range);
    }
    return b.build();
  }

  /** A body over the first {@code length} bytes, without a copy. */
  private static RequestBody body(byte[] b, int length) {
    return RequestBody.fromContentProvider(
        () -> new ByteArrayInputStream(b, 0, length), length, "application/octet-stream");
  }

  private static AsyncRequestBody asyncBody(byte[] b, int length) {
    return AsyncRequestBody.fromByteBufferUnsafe(ByteBuffer.wrap(b, 0, length));
  }

  /** Waits for a call; its SDK exception is thrown as the synchronous client would throw it. */
  private static <T> T join(CompletableFuture<T> call) {
    try {
      return call.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }
}
