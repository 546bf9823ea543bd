package io.ilios.cli;

import io.ilios.Ilios;
import io.ilios.IliosBuilder;
import io.ilios.SubmitOptions;
import io.ilios.blob.LocalBlobStore;
import io.ilios.s3.S3BlobStore;
import io.ilios.spi.BlobStore;
import io.ilios.spi.OcrBackend;
import io.ilios.spi.OcrBackendFactory;
import io.ilios.store.SqliteJobStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/**
 * Options every command shares, with the environment as fallback: where data lives, how many
 * workers, which OCR backend, which owner. Opens Ilios from them.
 */
public final class Settings {
  Map<String, String> env = Map.of();

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the database, originals and temporary files live (ILIOS_DATA_DIR; default ./data).")
  Path dataDir;

  @Option(
      names = "--db",
      paramLabel = "FILE",
      description = "The SQLite database (ILIOS_DB_PATH; default DIR/ilios.db).")
  Path db;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description = "Worker threads for queued documents (ILIOS_WORKERS; default: cores).")
  Integer workers;

  @Option(
      names = "--backend",
      paramLabel = "NAME",
      description =
          "OCR backend: local (default), or another on the classpath; a configured one such as"
              + " mistral (MISTRAL_API_KEY) is preferred when this is not given.")
  String backend;

  @Option(
      names = "--owner",
      paramLabel = "ID",
      description = "The owner (tenant) of documents and usage (default: default).")
  String owner = SubmitOptions.DEFAULT_OWNER;

  @Option(names = "--verbose", description = "Log more, and print stack traces of errors.")
  boolean verbose;

  Path dataDirectory() {
    if (dataDir != null) {
      return dataDir;
    }
    String fromEnv = env.get("ILIOS_DATA_DIR");
    return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "data");
  }

  Path database() {
    if (db != null) {
      return db;
    }
    String fromEnv = env.get("ILIOS_DB_PATH");
    return fromEnv != null && !fromEnv.isBlank()
        ? Path.of(fromEnv)
        : dataDirectory().resolve("ilios.db");
  }

  int workerCount() {
    if (workers != null) {
      return workers;
    }
    String fromEnv = env.get("ILIOS_WORKERS");
    if (fromEnv == null || fromEnv.isBlank()) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      int n = Integer.parseInt(fromEnv.strip());
      if (n < 0 || n > IliosBuilder.MAX_WORKERS) {
        throw new IllegalArgumentException(
            "ILIOS_WORKERS must be between 0 and " + IliosBuilder.MAX_WORKERS + ", was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("ILIOS_WORKERS must be a number, was '" + fromEnv + "'");
    }
  }

  SubmitOptions.Builder options() {
    return SubmitOptions.builder().owner(owner);
  }

  /** The chosen OCR backend; see {@link #backend}. */
  OcrBackend ocr(PrintWriter err) {
    List<OcrBackendFactory> factories = new ArrayList<>();
    ServiceLoader.load(OcrBackendFactory.class).forEach(factories::add);
    TreeSet<String> names = new TreeSet<>();
    factories.forEach(f -> names.add(f.name()));
    OcrBackendFactory chosen = null;
    if (backend != null) {
      for (OcrBackendFactory f : factories) {
        if (f.name().equals(backend)) {
          chosen = f;
        }
      }
      if (chosen == null) {
        throw new IllegalArgumentException(
            "no OCR backend named '" + backend + "' in this build; available: " + names);
      }
    } else {
      for (OcrBackendFactory f : factories) {
        if (!f.name().equals("local") && f.configured(env)) {
          chosen = f;
          break;
        }
      }
      if (chosen == null) {
        if (env.get("MISTRAL_API_KEY") != null && !names.contains("mistral")) {
          err.println(
              "ilios: MISTRAL_API_KEY is set, but this build has no mistral backend; using local");
        }
        chosen =
            factories.stream()
                .filter(f -> f.name().equals("local"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no OCR backend on the classpath"));
      }
    }
    return chosen.create(env, dataDirectory());
  }

  /**
   * Originals go to S3 when {@code S3_BUCKET} is set (see {@link S3BlobStore#fromEnv}), every one
   * of them, as that setting promises; otherwise small ones are kept in the database and the rest
   * under the data folder.
   */
  BlobStore blobs() {
    return s3Configured()
        ? S3BlobStore.fromEnv(env)
        : LocalBlobStore.at(dataDirectory().resolve("blobs"));
  }

  private boolean s3Configured() {
    String bucket = env.get("S3_BUCKET");
    return bucket != null && !bucket.isBlank();
  }

  /** Opens the store and Ilios; closing the result closes all of it. */
  Session open(int workerCount, PrintWriter err) {
    return open(workerCount, err, b -> b);
  }

  /** Opens the store and Ilios, {@code customize} adding to the builder (job handlers). */
  Session open(
      int workerCount,
      PrintWriter err,
      java.util.function.UnaryOperator<io.ilios.IliosBuilder> customize) {
    OcrBackend ocr = ocr(err);
    SqliteJobStore store = null;
    BlobStore blobs = null;
    try {
      store = SqliteJobStore.open(database());
      blobs = blobs();
      Path data = dataDirectory();
      Ilios ilios =
          customize
              .apply(
                  Ilios.builder()
                      .store(store)
                      .blobs(blobs)
                      .originalsInStoreUpTo(
                          s3Configured() ? 0 : IliosBuilder.DEFAULT_ORIGINALS_IN_STORE_UP_TO)
                      .tempDirectory(data.resolve("tmp"))
                      .ocr(ocr)
                      .workers(workerCount)
                      .retentionSweepInterval(Duration.ZERO))
              .build();
      try {
        ilios.documents().deleteLeftovers(); // what a killed earlier run left behind
      } catch (RuntimeException e) {
        err.println("ilios: cannot clean up after earlier runs: " + e.getMessage());
      }
      return new Session(ilios, store, blobs, ocr);
    } catch (RuntimeException e) {
      if (store != null) {
        store.close();
      }
      closeQuietly(blobs);
      closeQuietly(ocr);
      throw e;
    }
  }

  static void closeQuietly(Object o) {
    if (o instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception ignored) {
        // closing after a failure: the failure is what matters
      }
    }
  }

  /** Ilios with the store, blob store and backend it was opened with. */
  record Session(Ilios ilios, SqliteJobStore store, BlobStore blobs, OcrBackend ocr)
      implements AutoCloseable {
    @Override
    public void close() {
      ilios.close();
      store.close();
      closeQuietly(blobs);
      closeQuietly(ocr);
    }
  }
}
