package io.ilios.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilios.Ilios;
import io.ilios.testing.Documents;
import io.ilios.testing.IliosFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
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
 * Webhooks received by a local HTTP server: signed, retried after a 500 with the same delivery id,
 * delivered after a restart of Ilios, refused for private addresses unless allowed.
 */
class WebhooksTest {
  static final String KEY = "webhook-key-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  final MockWebServer receiver = new MockWebServer();
  final OkHttpClient http = new OkHttpClient();
  IliosFixture fixture;
  Ilios ilios;
  IliosServer server;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (fixture != null) {
      fixture.close();
    }
    for (AutoCloseable c : alsoClose) {
      c.close();
    }
    receiver.close();
  }

  /** What closes after Ilios: a subclass's stores. */
  protected final java.util.List<AutoCloseable> alsoClose = new java.util.ArrayList<>();

  /**
   * The builder of the Ilios under test: SQLite here; a subclass runs the tests on another store.
   */
  protected io.ilios.IliosBuilder builder(IliosFixture f) {
    return f.builder();
  }

  void start(Webhooks webhooks) {
    start(webhooks, b -> b);
  }

  void start(Webhooks webhooks, java.util.function.UnaryOperator<io.ilios.IliosBuilder> more) {
    fixture = new IliosFixture(dir);
    ilios = fixture.start(webhooks.install(more.apply(builder(fixture))));
    server =
        IliosServer.create(
                ilios,
                ServerConfig.builder()
                    .port(0)
                    .apiKeys(ApiKeys.of(Map.of(KEY, "alice")))
                    .uploadDirectory(dir.resolve("uploads"))
                    .webhooks(webhooks)
                    .build())
            .start();
  }

  Response submit(String path, String field, String callback) throws IOException {
    MultipartBody.Builder form =
        new MultipartBody.Builder()
            .setType(MultipartBody.FORM)
            .addFormDataPart(
                field,
                "a.pdf",
                RequestBody.create(Documents.pdf("a"), MediaType.get("application/pdf")))
            .addFormDataPart("callbackUrl", callback);
    return http.newCall(
            new Request.Builder()
                .url(server.uri() + path)
                .header("Authorization", "Bearer " + KEY)
                .post(form.build())
                .build())
        .execute();
  }

  static String sha256(String s) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** What a receiver does: recompute the signature from the timestamp and the raw body. */
  static void assertSigned(RecordedRequest r) throws Exception {
    String header = r.getHeaders().get("Ilios-Signature");
    assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
    long t = Long.parseLong(header.substring(2, header.indexOf(',')));
    String body = r.getBody().utf8();
    assertThat(header).endsWith("v1=" + Webhooks.sign(sha256(KEY), t, body));
  }

  @Test
  void aDocumentsStatusArrivesSignedAndIsRetriedAfterA500WithTheSameDeliveryId() throws Exception {
    start(Webhooks.allowingPrivateAddresses(Duration.ofSeconds(10)));
    // Told once the delivery's success is stored: then its record is there to read.
    java.util.concurrent.CountDownLatch delivered = new java.util.concurrent.CountDownLatch(1);
    ilios
        .jobs()
        .addListener(
            new io.ilios.JobListener() {
              @Override
              public void onCompleted(io.ilios.Job job) {
                if (job.type().equals(Webhooks.TYPE.name())) {
                  delivered.countDown();
                }
              }
            });
    receiver.enqueue(new MockResponse.Builder().code(500).build());
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    String id;
    try (Response r = submit("/api/documents/submit", "file", receiver.url("/hook").toString())) {
      assertThat(r.code()).isEqualTo(202);
      id = JSON.readTree(r.body().string()).get("id").asText();
    }
    RecordedRequest first = receiver.takeRequest(30, TimeUnit.SECONDS);
    RecordedRequest second = receiver.takeRequest(30, TimeUnit.SECONDS);
    assertThat(first).isNotNull();
    assertThat(second).isNotNull();
    assertThat(second.getHeaders().get("Ilios-Delivery"))
        .isNotBlank()
        .isEqualTo(first.getHeaders().get("Ilios-Delivery"));
    assertSigned(second);
    JsonNode body = JSON.readTree(second.getBody().utf8());
    assertThat(body.get("event").asText()).isEqualTo("document.completed");
    assertThat(body.get("data").get("id").asText()).isEqualTo(id);
    assertThat(body.get("data").get("status").asText()).isEqualTo("completed");
    assertThat(body.get("deliveryId").asText())
        .isEqualTo(second.getHeaders().get("Ilios-Delivery"));

    // The owner reads the delivery's record with the document's status.
    assertThat(delivered.await(30, TimeUnit.SECONDS)).isTrue();
    JsonNode webhook;
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(server.uri() + "/api/documents/status/" + id)
                    .header("Authorization", "Bearer " + KEY)
                    .build())
            .execute()) {
      webhook = JSON.readTree(r.body().string()).get("webhook");
    }
    assertThat(webhook).isNotNull();
    assertThat(webhook.get("status").asText()).isEqualTo("delivered");
    assertThat(webhook.get("attempts").asInt()).isEqualTo(2);
    JsonNode log = webhook.get("log");
    assertThat(log).hasSize(2);
    assertThat(log.get(0).get("outcome").asText()).contains("answered 500");
    assertThat(log.get(1).get("outcome").asText()).startsWith("completed: delivered: 200");
    assertThat(log.get(1).get("startedAt").asText()).isNotBlank();
  }

  @Test
  void aBatchsStatusArrivesOnceItsLastDocumentEnds() throws Exception {
    start(Webhooks.allowingPrivateAddresses(Duration.ofSeconds(10)));
    receiver.enqueue(new MockResponse.Builder().code(204).build());
    String batchId;
    try (Response r = submit("/v1/batch/submit", "files", receiver.url("/hook").toString())) {
      assertThat(r.code()).isEqualTo(202);
      batchId = JSON.readTree(r.body().string()).get("batchId").asText();
    }
    RecordedRequest got = receiver.takeRequest(30, TimeUnit.SECONDS);
    assertThat(got).isNotNull();
    JsonNode body = JSON.readTree(got.getBody().utf8());
    assertThat(body.get("event").asText()).isEqualTo("batch.completed");
    assertThat(body.get("data").get("batchId").asText()).isEqualTo(batchId);
    assertThat(body.get("data").get("downloadUrl").asText()).endsWith(batchId);
    assertSigned(got);
  }

  @Test
  void aDeliveryThatFailedBeforeARestartIsMadeByTheNextIlios() throws Exception {
    // The retry comes 5 s after the refusal: long after this Ilios has closed.
    start(
        Webhooks.allowingPrivateAddresses(Duration.ofSeconds(10)),
        b -> b.retry(new io.ilios.RetryPolicy(5, Duration.ofSeconds(5), Duration.ofSeconds(5), 0)));
    receiver.enqueue(new MockResponse.Builder().code(503).build());
    try (Response r = submit("/api/documents/submit", "file", receiver.url("/hook").toString())) {
      assertThat(r.code()).isEqualTo(202);
    }
    RecordedRequest refused = receiver.takeRequest(30, TimeUnit.SECONDS);
    assertThat(refused).isNotNull();
    // Stop everything before the retry, then start again on the same database.
    server.close();
    ilios.close();
    fixture.close();
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    start(Webhooks.allowingPrivateAddresses(Duration.ofSeconds(10)));
    RecordedRequest delivered = receiver.takeRequest(30, TimeUnit.SECONDS);
    assertThat(delivered).isNotNull();
    assertThat(delivered.getHeaders().get("Ilios-Delivery"))
        .isEqualTo(refused.getHeaders().get("Ilios-Delivery"));
    assertSigned(delivered);
  }

  @Test
  void aKeysOwnWebhookServesItsSubmitsThatNameNone() throws Exception {
    start(Webhooks.allowingPrivateAddresses(Duration.ofSeconds(10)));
    io.ilios.Keys.Created carol =
        ilios
            .keys()
            .create(
                "carol",
                "t",
                java.util.Optional.empty(),
                java.util.Optional.of(receiver.url("/carol").toString()));
    receiver.enqueue(new MockResponse.Builder().code(200).build());
    RequestBody form =
        new MultipartBody.Builder()
            .setType(MultipartBody.FORM)
            .addFormDataPart(
                "file",
                "c.pdf",
                RequestBody.create(Documents.pdf("c"), MediaType.get("application/pdf")))
            .build();
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(server.uri() + "/api/documents/submit")
                    .header("Authorization", "Bearer " + carol.secret())
                    .post(form)
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(202);
    }
    RecordedRequest got = receiver.takeRequest(30, TimeUnit.SECONDS);
    assertThat(got).isNotNull();
    assertThat(got.getUrl().encodedPath()).isEqualTo("/carol");
    assertThat(JSON.readTree(got.getBody().utf8()).get("data").get("fileName").asText())
        .isEqualTo("c.pdf");
  }

  @Test
  void callbacksToPrivateAddressesAreRefusedAtSubmitUnlessAllowed() throws Exception {
    start(Webhooks.create());
    try (Response r = submit("/api/documents/submit", "file", receiver.url("/hook").toString())) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("private network");
    }
    try (Response r = submit("/api/documents/submit", "file", "ftp://example.com/x")) {
      assertThat(r.code()).isEqualTo(400);
      assertThat(r.body().string()).contains("http or https");
    }
    assertThat(ilios.jobs().counts().total()).isZero();
    assertThat(Webhooks.isPrivate(java.net.InetAddress.getByName("10.1.2.3"))).isTrue();
    assertThat(Webhooks.isPrivate(java.net.InetAddress.getByName("169.254.169.254"))).isTrue();
    assertThat(Webhooks.isPrivate(java.net.InetAddress.getByName("fd00::1"))).isTrue();
    assertThat(Webhooks.isPrivate(java.net.InetAddress.getByName("93.184.216.34"))).isFalse();
  }
}
