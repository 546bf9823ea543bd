package io.ilios.jmh;

import io.ilios.Conversion;
import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.SubmitOptions;
import io.ilios.blob.LocalBlobStore;
import io.ilios.local.LocalConverter;
import io.ilios.server.IliosServer;
import io.ilios.server.Limits;
import io.ilios.server.ServerConfig;
import io.ilios.spi.OcrBackend;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.LoadRows;
import java.nio.file.Files;
import java.nio.file.Path;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A load generator for the reference server over real HTTP (OkHttp, kept-alive connections): {@code
 * GET /api/documents/status/{id}} and {@code POST /v1/convert} of a one-page PDF (the raw body),
 * with the instant backend (what the server adds) and with the local converter, from several client
 * threads for a fixed time. Beside them, the same conversion called in-process, so the server's own
 * share of a request can be read off. Requests per second, p50 and p99 in ms.
 *
 * <pre>
 * java -cp ilios-jmh/target/benchmarks.jar io.ilios.jmh.ServerLoadBenchmark [seconds] [clients]
 * </pre>
 */
public final class ServerLoadBenchmark {
  private ServerLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    byte[] small = PeerBenchmark.smallPdf();
    byte[] report = Files.readAllBytes(Path.of("docs", "samples", "report.pdf"));
    System.out.printf(
        "%d s per row, %d client threads, SQLite, loopback HTTP/1.1%n%n", seconds, clients);
    LoadRows.header();
    try (Rig instant = new Rig(new PeerBenchmark.InstantOcr(null))) {
      String id =
          instant
              .ilios
              .converter()
              .convert(DocumentSource.of(small, "s.pdf"), SubmitOptions.defaults())
              .id();
      LoadRows.row(
          "GET /api/documents/status/{id}",
          seconds,
          clients,
          () -> instant.get("/api/documents/status/" + id));
      LoadRows.row(
          "POST /v1/convert, 4 KiB PDF, instant backend",
          seconds,
          clients,
          () -> instant.post("/v1/convert", small));
      LoadRows.row(
          "  the same conversion in-process (no HTTP)",
          seconds,
          clients,
          () -> {
            Conversion c =
                instant
                    .ilios
                    .converter()
                    .convert(DocumentSource.of(small, "s.pdf"), SubmitOptions.defaults());
            return c.markdown().isEmpty() ? 500 : 200;
          });
    }
    try (LocalConverter local = LocalConverter.create();
        Rig rig = new Rig(local)) {
      LoadRows.row(
          "POST /v1/convert, report.pdf, local converter",
          seconds,
          clients,
          () -> rig.post("/v1/convert", report));
    }
  }

  /** Ilios on a fresh SQLite file and a server on a free port, without keys or tight limits. */
  static final class Rig implements AutoCloseable {
    final Path dir = Files.createTempDirectory("ilios-server-load");
    final SqliteJobStore store = SqliteJobStore.open(dir.resolve("ilios.db"));
    final Ilios ilios;
    final IliosServer server;
    final OkHttpClient http =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(16, 1, java.util.concurrent.TimeUnit.MINUTES))
            .build();
    static final MediaType PDF = MediaType.get("application/pdf");

    Rig(OcrBackend backend) throws Exception {
      ilios =
          Ilios.builder()
              .store(store)
              .blobs(LocalBlobStore.at(dir.resolve("blobs")))
              .tempDirectory(dir.resolve("tmp"))
              .ocr(backend)
              .workers(1)
              .maxConcurrentConversions(64)
              .build();
      server =
          IliosServer.create(
                  ilios,
                  ServerConfig.builder()
                      .port(0)
                      .uploadDirectory(dir.resolve("uploads"))
                      .defaultLimits(new Limits(1_000_000, 1_000_000, 1_000, 0))
                      .build())
              .start();
    }

    int get(String path) throws Exception {
      try (Response r =
          http.newCall(new Request.Builder().url(server.uri() + path).build()).execute()) {
        r.body().bytes();
        return r.code();
      }
    }

    int post(String path, byte[] pdf) throws Exception {
      try (Response r =
          http.newCall(
                  new Request.Builder()
                      .url(server.uri() + path)
                      .header("X-File-Name", "doc.pdf")
                      .post(RequestBody.create(pdf, PDF))
                      .build())
              .execute()) {
        r.body().bytes();
        return r.code();
      }
    }

    @Override
    public void close() {
      server.close();
      ilios.close();
      store.close();
      Bench.delete(dir);
    }
  }
}
