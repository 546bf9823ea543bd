package io.ilios.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilios.Ilios;
import io.ilios.testing.Documents;
import io.ilios.testing.IliosFixture;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference server over real HTTP (OkHttp), on a real SQLite file with the fake backend: every
 * endpoint's status codes and JSON shapes, keys and owners, and errors that say what was wrong and
 * nothing more.
 */
class ServerTest {
  /** What a subclass opened for its store, closed after Ilios. */
  protected final List<AutoCloseable> alsoClose = new ArrayList<>();

  static final ObjectMapper JSON = new ObjectMapper();
  static final MediaType PDF = MediaType.get("application/pdf");
  static final String ALICE = "alice-key-0123456789";
  static final String BOB = "bob-key-0123456789ab";

  @TempDir Path dir;
  IliosFixture fixture;
  Ilios ilios;
  IliosServer server;
  final OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).build();

  /** The Ilios under test: SQLite here; a subclass runs the same tests on another store. */
  protected Ilios startIlios(IliosFixture fixture) {
    return fixture.start();
  }

  @BeforeEach
  void start() {
    fixture = new IliosFixture(dir);
    ilios = startIlios(fixture);
    server =
        IliosServer.create(
                ilios,
                ServerConfig.builder()
                    .port(0)
                    .apiKeys(ApiKeys.of(Map.of(ALICE, "alice", BOB, "bob")))
                    .maxUploadSize(1 << 20)
                    .uploadDirectory(dir.resolve("uploads"))
                    .build())
            .start();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    fixture.close();
    for (AutoCloseable c : alsoClose) {
      c.close();
    }
  }

  Request.Builder request(String path, String key) {
    Request.Builder b = new Request.Builder().url(server.uri() + path);
    return key == null ? b : b.header("Authorization", "Bearer " + key);
  }

  Response call(Request r) throws IOException {
    return http.newCall(r).execute();
  }

  static RequestBody file(String field, String name, byte[] bytes) {
    return new MultipartBody.Builder()
        .setType(MultipartBody.FORM)
        .addFormDataPart(field, name, RequestBody.create(bytes, PDF))
        .build();
  }

  static JsonNode json(Response r) throws IOException {
    assertThat(r.header("Content-Type")).startsWith("application/json");
    return JSON.readTree(r.body().string());
  }

  @Test
  void convertAnswersMarkdownWithHeadersOrTheOriginalsJson() throws Exception {
    byte[] pdf = Documents.pdf("report");
    try (Response r =
        call(request("/v1/convert", ALICE).post(file("file", "a.pdf", pdf)).build())) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/markdown");
      assertThat(r.header("X-Document-Id")).isNotBlank();
      assertThat(r.header("X-Extracted-Pages")).isEqualTo("1");
      assertThat(r.header("X-Processing-Time-Ms")).matches("\\d+");
      assertThat(r.body().string()).startsWith("# a.pdf");
    }
    try (Response r =
        call(request("/v1/convert?format=json", ALICE).post(file("file", "b.pdf", pdf)).build())) {
      assertThat(r.code()).isEqualTo(200);
      JsonNode j = json(r);
      assertThat(fields(j)).contains("id", "content", "metadata", "usage", "downloadUrl");
      assertThat(fields(j.get("metadata")))
          .contains(
              "model", "extractedPages", "processingTimeMs", "fileName", "fileSize", "mimeType");
      assertThat(fields(j.get("usage")))
          .containsExactly("prompt_tokens", "completion_tokens", "total_tokens");
      assertThat(j.get("metadata").get("fileName").asText()).isEqualTo("b.pdf");
      assertThat(j.get("downloadUrl").asText()).isEqualTo("/api/documents/" + j.get("id").asText());
    }
    // The raw body with its content type works too.
    try (Response r =
        call(
            request("/v1/convert", ALICE)
                .header("X-File-Name", "raw.pdf")
                .post(RequestBody.create(pdf, PDF))
                .build())) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).startsWith("# raw.pdf");
    }
  }

  @Test
  void aDocumentIsQueuedFollowedReadAndItsOriginalStreamedBack() throws Exception {
    byte[] pdf = Documents.pdf("queued");
    String id;
    try (Response r =
        call(
            request("/api/documents/submit", ALICE)
                .post(
                    new MultipartBody.Builder()
                        .setType(MultipartBody.FORM)
                        .addFormDataPart("file", "q.pdf", RequestBody.create(pdf, PDF))
                        .addFormDataPart("retentionDays", "7")
                        .build())
                .build())) {
      assertThat(r.code()).isEqualTo(202);
      JsonNode j = json(r);
      assertThat(fields(j))
          .containsExactly("id", "status", "fileName", "fileSize", "retentionDays", "createdAt");
      assertThat(j.get("status").asText()).isEqualTo("pending");
      assertThat(j.get("retentionDays").asInt()).isEqualTo(7);
      id = j.get("id").asText();
    }
    ilios.documents().await("alice", id, Duration.ofSeconds(30));
    try (Response r = call(request("/api/documents/status/" + id, ALICE).build())) {
      JsonNode j = json(r);
      assertThat(j.get("status").asText()).isEqualTo("completed");
      assertThat(fields(j.get("metadata"))).contains("extractedPages", "processingTimeMs", "model");
    }
    try (Response r = call(request("/api/documents/" + id, ALICE).build())) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.body().string()).startsWith("# q.pdf");
    }
    try (Response r = call(request("/api/documents/" + id + "?format=json", ALICE).build())) {
      assertThat(fields(json(r))).containsExactly("id", "content", "metadata");
    }
    try (Response r = call(request("/api/documents/" + id + "/original", ALICE).build())) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("application/pdf");
      assertThat(r.body().bytes()).isEqualTo(pdf);
    }
  }

  @Test
  void aDocumentStillRunningAnswers202AndAFailedOne500WithItsError() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    fixture.ocr.behaviour(
        (input, call) -> {
          if (input.fileName().startsWith("bad")) {
            throw new io.ilios.OcrException("fake", "cannot read " + input.fileName(), false);
          }
          release.await();
          return io.ilios.testing.FakeOcrBackend.describe(input);
        });
    String slow = submit(ALICE, "slow.pdf");
    String bad = submit(ALICE, "bad.pdf");
    ilios.documents().await("alice", bad, Duration.ofSeconds(30));
    try (Response r = call(request("/api/documents/" + slow, ALICE).build())) {
      assertThat(r.code()).isEqualTo(202);
      assertThat(json(r).get("status").asText()).isIn("pending", "processing");
    }
    try (Response r = call(request("/api/documents/" + bad, ALICE).build())) {
      assertThat(r.code()).isEqualTo(500);
      assertThat(json(r).get("error").asText()).contains("cannot read bad.pdf");
    }
    release.countDown();
  }

  String submit(String key, String name) throws IOException {
    try (Response r =
        call(
            request("/api/documents/submit", key)
                .post(file("file", name, Documents.pdf(name)))
                .build())) {
      assertThat(r.code()).isEqualTo(202);
      return json(r).get("id").asText();
    }
  }

  @Test
  void aBatchIsSubmittedFollowedAndDownloadedAsJsonlAndZip() throws Exception {
    MultipartBody.Builder form = new MultipartBody.Builder().setType(MultipartBody.FORM);
    for (String name : List.of("one.pdf", "two.pdf", "three.pdf")) {
      form.addFormDataPart("files", name, RequestBody.create(Documents.pdf(name), PDF));
    }
    form.addFormDataPart("priority", "8");
    String batchId;
    try (Response r = call(request("/v1/batch/submit", ALICE).post(form.build()).build())) {
      assertThat(r.code()).isEqualTo(202);
      JsonNode j = json(r);
      assertThat(fields(j))
          .containsExactly("batchId", "status", "totalDocuments", "documents", "statusUrl");
      assertThat(j.get("status").asText()).isEqualTo("queued");
      assertThat(j.get("totalDocuments").asInt()).isEqualTo(3);
      assertThat(fields(j.get("documents").get(0)))
          .containsExactly("id", "fileName", "fileSize", "status");
      batchId = j.get("batchId").asText();
      assertThat(j.get("statusUrl").asText()).isEqualTo("/v1/batch/status/" + batchId);
    }
    ilios.documents().awaitBatch("alice", batchId, Duration.ofSeconds(30));
    try (Response r = call(request("/v1/batch/status/" + batchId, ALICE).build())) {
      JsonNode j = json(r);
      assertThat(fields(j)).contains("batchId", "status", "progress", "createdAt", "downloadUrl");
      assertThat(j.get("status").asText()).isEqualTo("completed");
      assertThat(fields(j.get("progress")))
          .containsExactly("total", "pending", "processing", "completed", "failed");
      assertThat(j.get("downloadUrl").asText()).isEqualTo("/v1/batch/download/" + batchId);
    }
    try (Response r = call(request("/v1/batch/download/" + batchId, ALICE).build())) {
      List<String> lines = r.body().string().lines().toList();
      assertThat(lines).hasSize(3);
      JsonNode first = JSON.readTree(lines.get(0));
      assertThat(fields(first)).contains("id", "fileName", "status", "content", "metadata");
      assertThat(first.get("fileName").asText()).isEqualTo("one.pdf");
    }
    try (Response r =
            call(request("/v1/batch/download/" + batchId + "?format=zip", ALICE).build());
        ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.body().bytes()))) {
      List<String> names = new ArrayList<>();
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        names.add(e.getName());
      }
      assertThat(names).hasSize(4).anyMatch(n -> n.endsWith(".md"));
    }
  }

  @Test
  void usageIsSummedAndBrokenDownForTheKeysOwnerOnly() throws Exception {
    try (Response r =
        call(
            request("/v1/convert", ALICE)
                .post(file("file", "a.pdf", Documents.pdf("a")))
                .build())) {
      assertThat(r.code()).isEqualTo(200);
    }
    try (Response r = call(request("/api/usage/summary", ALICE).build())) {
      JsonNode j = json(r);
      assertThat(fields(j))
          .contains(
              "totalDocuments",
              "totalOperations",
              "totalInputTokens",
              "totalOutputTokens",
              "totalCostCents");
      assertThat(j.get("totalOperations").asInt()).isEqualTo(1);
    }
    try (Response r = call(request("/api/usage/summary", BOB).build())) {
      assertThat(json(r).get("totalOperations").asInt()).isZero();
    }
    try (Response r = call(request("/api/usage/breakdown", ALICE).build())) {
      JsonNode j = json(r);
      assertThat(j.get("byDay")).hasSize(1);
      assertThat(j.get("byOperation").get(0).get("operation").asText()).isEqualTo("convert");
    }
    try (Response r = call(request("/api/usage/summary?startDate=yesterday", ALICE).build())) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(json(r).get("error").asText()).contains("startDate");
    }
  }

  @Test
  void keysAreRequiredAndOneOwnerNeverSeesAnothersDocuments() throws Exception {
    String id = submit(ALICE, "private.pdf");
    try (Response r = call(request("/api/documents/status/" + id, null).build())) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
    }
    try (Response r =
        call(request("/api/documents/status/" + id, "not-a-key-at-all-000").build())) {
      assertThat(r.code()).isEqualTo(401);
      assertThat(r.body().string()).doesNotContain("not-a-key-at-all-000");
    }
    for (String path :
        List.of(
            "/api/documents/status/" + id,
            "/api/documents/" + id,
            "/api/documents/" + id + "/original",
            "/v1/batch/status/" + id,
            "/api/documents/status/unknown-id")) {
      try (Response r = call(request(path, BOB).build())) {
        assertThat(r.code()).as(path).isEqualTo(404);
        assertThat(json(r).get("error").asText()).isEqualTo("not found");
      }
    }
    // The original service's query parameter works too.
    try (Response r =
        call(request("/api/documents/status/" + id + "?apiKey=" + ALICE, null).build())) {
      assertThat(r.code()).isEqualTo(200);
    }
  }

  @Test
  void keysKeptInTheStoreWorkUntilRevoked() throws Exception {
    io.ilios.Keys.Created carol =
        ilios.keys().create("carol", "laptop", java.util.Optional.of("pagesPerDay=1"));
    String id = submit(ALICE, "alices.pdf");
    try (Response r = call(request("/api/documents/status/" + id, carol.secret()).build())) {
      assertThat(r.code()).as("carol is another owner").isEqualTo(404);
    }
    String own = submit(carol.secret(), "carols.pdf");
    try (Response r = call(request("/api/documents/status/" + own, carol.secret()).build())) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(ilios.keys().revoke(carol.key().id())).isTrue();
    try (Response r = call(request("/api/documents/status/" + own, carol.secret()).build())) {
      assertThat(r.code()).isEqualTo(401);
    }
  }

  @Test
  void badDocumentsGetTheirTypedErrorAndNeverAStackTrace() throws Exception {
    try (Response r =
        call(
            request("/v1/convert", ALICE)
                .post(file("file", "notes.pdf", "hello".getBytes(StandardCharsets.UTF_8)))
                .build())) {
      assertThat(r.code()).isEqualTo(415);
      String body = r.body().string();
      assertThat(body).contains("not a supported document").doesNotContain("at io.ilios");
    }
    try (Response r =
        call(
            request("/v1/convert", ALICE)
                .post(
                    file("file", "cut.pdf", "%PDF-1.7\nno end".getBytes(StandardCharsets.US_ASCII)))
                .build())) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(json(r).get("error").asText()).contains("%%EOF");
    }
    try (Response r =
        call(
            request("/v1/convert", ALICE)
                .post(file("other", "a.pdf", Documents.pdf("a")))
                .build())) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(json(r).get("error").asText()).contains("'file'");
    }
    byte[] big = new byte[(1 << 20) + 10];
    System.arraycopy(Documents.pdf("x"), 0, big, 0, 10);
    try (Response r =
        call(request("/v1/convert", ALICE).post(file("file", "big.pdf", big)).build())) {
      assertThat(r.code()).isEqualTo(413);
      assertThat(r.body().string()).doesNotContain("at org.eclipse");
    }
    // A raw body that says it is too large is refused before it is read.
    try (Response r =
        call(
            request("/v1/convert", ALICE)
                .header("X-File-Name", "big.pdf")
                .post(RequestBody.create(big, PDF))
                .build())) {
      assertThat(r.code()).isEqualTo(413);
    }
    assertThat(ilios.jobs().counts().total()).isZero();
  }

  @Test
  void healthIndexAndOpenApiNeedNoKey() throws Exception {
    try (Response r = call(request("/health", null).build())) {
      assertThat(r.code()).isEqualTo(200);
      JsonNode j = json(r);
      assertThat(j.get("status").asText()).isEqualTo("ok");
      assertThat(j.get("checks").get("store").asText()).isEqualTo("ok");
      assertThat(j.get("checks").get("backend").asText()).isEqualTo("fake");
    }
    try (Response r = call(request("/", null).build())) {
      assertThat(json(r).get("endpoints").toString()).contains("POST /v1/convert");
    }
    try (Response r = call(request("/openapi.json", null).build())) {
      JsonNode spec = json(r);
      assertThat(spec.get("openapi").asText()).isEqualTo("3.1.0");
      // Every endpoint the server registers is described.
      for (String path :
          List.of(
              "/v1/convert",
              "/v1/batch/submit",
              "/v1/batch/status/{id}",
              "/v1/batch/download/{id}",
              "/api/documents/submit",
              "/api/documents/status/{id}",
              "/api/documents/{id}",
              "/api/documents/{id}/original",
              "/api/usage/summary",
              "/api/usage/breakdown",
              "/health")) {
        assertThat(spec.get("paths").has(path)).as(path).isTrue();
      }
    }
    try (Response r = call(request("/docs", null).build())) {
      assertThat(r.body().string()).contains("/openapi.json");
    }
  }

  @Test
  void metricsAreServedForPrometheusToKeyHolders() throws Exception {
    // Listeners run in order on one thread: once this one hears of the conversion, the server's
    // meters (added when it was created) have too.
    java.util.concurrent.CountDownLatch told = new java.util.concurrent.CountDownLatch(1);
    ilios
        .documents()
        .addListener(
            new io.ilios.DocumentListener() {
              @Override
              public void onCompleted(io.ilios.Document d) {
                told.countDown();
              }
            });
    try (Response r =
        call(
            request("/v1/convert", ALICE)
                .post(file("file", "m.pdf", Documents.pdf("m")))
                .build())) {
      assertThat(r.code()).isEqualTo(200);
    }
    assertThat(told.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    try (Response r = call(request("/metrics", null).build())) {
      assertThat(r.code()).isEqualTo(401);
    }
    try (Response r = call(request("/metrics", BOB).build())) {
      assertThat(r.code()).isEqualTo(200);
      assertThat(r.header("Content-Type")).startsWith("text/plain");
      String text = r.body().string();
      assertThat(text)
          .contains("ilios_conversions_total{backend=\"fake\",outcome=\"completed\"} 1.0")
          .contains("ilios_jobs{status=\"completed\"}")
          .contains("ilios_server_limit_refusals_total 0.0")
          .containsPattern(
              "ilios_http_requests_seconds_count\\{method=\"POST\",route=\"/v1/convert\",status=\"200\"\\} 1");
    }
  }

  @Test
  void withoutKeysTheServerStaysOnLoopbackUnlessToldOtherwise() throws Exception {
    assertThatThrownBy(
            () -> IliosServer.create(ilios, ServerConfig.builder().host("0.0.0.0").port(0).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("loopback");
    try (IliosServer open =
        IliosServer.create(
                ilios,
                ServerConfig.builder()
                    .host("0.0.0.0")
                    .port(0)
                    .allowAnonymousRemote(true)
                    .uploadDirectory(dir.resolve("uploads2"))
                    .build())
            .start()) {
      // Listening on every address, and serving anonymous requests as the owner "default".
      try (Response r =
          call(
              new Request.Builder()
                  .url("http://127.0.0.1:" + open.port() + "/api/usage/summary")
                  .build())) {
        assertThat(r.code()).isEqualTo(200);
      }
    }
    assertThat(ApiKeys.single("0123456789abcdef").toString()).doesNotContain("0123456789abcdef");
    assertThatThrownBy(() -> ApiKeys.single("short")).hasMessageContaining("16");
  }

  static List<String> fields(JsonNode n) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
