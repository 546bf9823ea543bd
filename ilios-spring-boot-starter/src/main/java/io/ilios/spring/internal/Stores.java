package io.ilios.spring.internal;

import static io.ilios.spring.internal.Invalid.checked;
import static io.ilios.spring.internal.Invalid.missing;
import static io.ilios.spring.internal.Invalid.property;

import io.ilios.postgres.PostgresJobStore;
import io.ilios.s3.S3BlobStore;
import io.ilios.spi.BlobStore;
import io.ilios.spi.JobStore;
import io.ilios.spring.IliosProperties;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.util.ClassUtils;

/** The job store and blob store {@code ilios.store.*} and {@code ilios.blobs.*} describe. */
public final class Stores {
  private Stores() {}

  public static JobStore sqlite(IliosProperties properties) {
    Path path = properties.getStore().getSqlitePath();
    Path file = path != null ? path : properties.getDataDirectory().resolve("ilios.db");
    return checked("ilios.store.sqlite-path", file, () -> SqliteJobStore.open(file));
  }

  /** On the application's own {@code DataSource} when it has one, else on the URL given. */
  public static JobStore postgres(IliosProperties properties, DataSource dataSource) {
    if (!ClassUtils.isPresent(
        "io.ilios.postgres.PostgresJobStore", Stores.class.getClassLoader())) {
      throw missing("ilios.store.type", "postgres", "io.ilios:ilios-postgres");
    }
    return Postgres.create(properties.getStore().getPostgres(), dataSource);
  }

  public static Path blobDirectory(IliosProperties properties) {
    Path dir = properties.getBlobs().getDirectory();
    return dir != null ? dir : properties.getDataDirectory().resolve("blobs");
  }

  public static BlobStore s3(IliosProperties properties) {
    if (!ClassUtils.isPresent("io.ilios.s3.S3BlobStore", Stores.class.getClassLoader())) {
      throw missing("ilios.blobs.type", "s3", "io.ilios:ilios-s3");
    }
    return S3.create(properties.getBlobs().getS3());
  }

  /** Loaded only when ilios-postgres is there. */
  private static final class Postgres {
    static JobStore create(IliosProperties.Postgres p, DataSource dataSource) {
      PostgresJobStore.Builder b = PostgresJobStore.builder();
      if (dataSource != null) {
        b.dataSource(dataSource);
      } else {
        if (p.getUrl() == null || p.getUrl().isBlank()) {
          throw property(
              "ilios.store.postgres.url",
              null,
              "the postgres store needs a DataSource bean or a JDBC URL");
        }
        checked("ilios.store.postgres.url", p.getUrl(), () -> b.jdbcUrl(p.getUrl()));
        if (p.getUsername() != null) {
          b.user(p.getUsername());
        }
        if (p.getPassword() != null) {
          b.password(p.getPassword());
        }
      }
      return b.build();
    }
  }

  /** Loaded only when ilios-s3 is there: the settings {@code S3BlobStore.fromEnv} reads. */
  private static final class S3 {
    static BlobStore create(IliosProperties.S3 p) {
      if (p.getBucket() == null || p.getBucket().isBlank()) {
        throw property("ilios.blobs.s3.bucket", null, "the s3 blob store needs a bucket");
      }
      Map<String, String> env = new HashMap<>();
      Backends.put(env, "S3_BUCKET", p.getBucket());
      Backends.put(env, "S3_PREFIX", p.getPrefix());
      Backends.put(env, "AWS_REGION", p.getRegion());
      Backends.put(env, "AWS_ENDPOINT_URL_S3", p.getEndpoint());
      Backends.put(env, "S3_FORCE_PATH_STYLE", p.getPathStyle());
      Backends.put(env, "AWS_ACCESS_KEY_ID", p.getAccessKeyId());
      Backends.put(env, "AWS_SECRET_ACCESS_KEY", p.getSecretAccessKey());
      return checked("ilios.blobs.s3", p.getBucket(), () -> S3BlobStore.fromEnv(env));
    }
  }
}
