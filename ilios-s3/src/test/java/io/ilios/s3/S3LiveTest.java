package io.ilios.s3;

import io.ilios.spi.BlobStore;
import io.ilios.testing.BlobStoreContract;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The blob-store contract against a real S3 bucket, configured as {@link S3BlobStore#fromEnv} reads
 * it. Runs only when {@code S3_BUCKET} is set; everything a case writes is under a fresh prefix and
 * deleted after it.
 */
@EnabledIfEnvironmentVariable(named = "S3_BUCKET", matches = ".+")
class S3LiveTest extends BlobStoreContract {
  S3BlobStore store;

  @BeforeEach
  void open() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put(
        "S3_PREFIX", env.getOrDefault("S3_PREFIX", "") + "ilios-live-" + UUID.randomUUID() + "/");
    store = S3BlobStore.fromEnv(env);
  }

  @AfterEach
  void deleteAndClose() {
    try (S3BlobStore s = store) {
      s.client()
          .listObjectsV2Paginator(r -> r.bucket(s.bucket()).prefix(s.prefix()))
          .contents()
          .forEach(o -> s.client().deleteObject(r -> r.bucket(s.bucket()).key(o.key())));
    }
  }

  @Override
  protected BlobStore store() {
    return store;
  }
}
