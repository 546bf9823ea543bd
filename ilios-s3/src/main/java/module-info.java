/**
 * Document originals on AWS S3 and S3-compatible services (Tigris, Cloudflare R2, MinIO) through
 * the AWS SDK v2: streamed multipart uploads, ranged reads, typed errors.
 */
// The AWS SDK ships Automatic-Module-Names, no descriptors; "s3" ends in a digit, as AWS's does.
@SuppressWarnings({"module", "requires-automatic", "requires-transitive-automatic"})
module io.ilios.s3 {
  requires transitive io.ilios.core;
  requires transitive software.amazon.awssdk.services.s3;
  requires transitive software.amazon.awssdk.core;
  requires software.amazon.awssdk.auth;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.http;
  requires software.amazon.awssdk.regions;
  requires org.slf4j;

  exports io.ilios.s3;
}
