package io.ilios.mistral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilios.OcrException;
import io.ilios.RetryPolicy;
import io.ilios.blob.LocalBlobStore;
import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Mistral backend against a local server speaking Mistral's documented JSON. */
class MistralOcrTest {
  static final String KEY = "sk-test-0123456789";
  static final RetryPolicy QUICK =
      new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), 0.2);

  @TempDir Path dir;
  FakeMistral mistral;
  MistralOcr backend;

  @BeforeEach
  void start() throws Exception {
    mistral = new FakeMistral();
  }

  @AfterEach
  void stop() throws Exception {
    if (backend != null) {
      backend.close();
    }
    mistral.close();
  }

  MistralOcr.Builder builder() {
    return MistralOcr.builder()
        .apiKey(KEY)
        .baseUrl(mistral.baseUrl())
        .retry(QUICK)
        .tempDirectory(dir.resolve("tmp"));
  }

  MistralOcr backend(MistralOcr.Builder b) {
    backend = b.build();
    return backend;
  }

  OcrInput input(byte[] bytes, String name, String mime) {
    return new OcrInput(
        name, mime, bytes.length, () -> new ByteArrayInputStream(bytes), dir.resolve("tmp"));
  }

  OcrInput pdf(byte[] bytes) {
    return input(bytes, "doc.pdf", "application/pdf");
  }

  static byte[] png() {
    byte[] b = new byte[100];
    byte[] sig = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    System.arraycopy(sig, 0, b, 0, sig.length);
    return b;
  }

  @Test
  void aSmallImageGoesInlineAsADataUrl() throws Exception {
    OcrResult r = backend(builder()).convert(input(png(), "scan.png", "image/png"));
    assertThat(r.pages()).containsExactly("image page");
    assertThat(r.model()).isEqualTo(FakeMistral.MODEL);
    List<FakeMistral.Seen> calls = mistral.seen;
    assertThat(calls).hasSize(1);
    FakeMistral.Seen call = calls.get(0);
    assertThat(call.method()).isEqualTo("POST");
    assertThat(call.path()).isEqualTo("/v1/ocr");
    assertThat(call.authorization()).isEqualTo("Bearer " + KEY);
    assertThat(call.contentType()).startsWith("application/json");
    ObjectNode expected = FakeMistral.JSON.createObjectNode().put("model", "mistral-ocr-latest");
    expected
        .putObject("document")
        .put("type", "image_url")
        .put("image_url", "data:image/png;base64," + Base64.getEncoder().encodeToString(png()));
    expected.put("include_image_base64", false);
    assertThat(call.json()).isEqualTo(expected);
  }

  @Test
  void aMultiPagePdfComesBackInPageOrder() throws Exception {
    OcrResult r = backend(builder()).convert(pdf(Pdfs.numbered(3)));
    assertThat(r.pages()).containsExactly("page 1", "page 2", "page 3");
    JsonNode document = mistral.seen.get(0).json().get("document");
    assertThat(document.get("type").asText()).isEqualTo("document_url");
    assertThat(document.get("document_url").asText())
        .startsWith("data:application/pdf;base64,JVBERi0");
  }

  @Test
  void aLargeFileIsUploadedPassedByIdAndDeleted() throws Exception {
    byte[] pdf = Pdfs.numbered(2);
    OcrResult r = backend(builder().maxInlineBytes(100)).convert(pdf(pdf));
    assertThat(r.pages()).containsExactly("page 1", "page 2");
    assertThat(mistral.seen)
        .extracting(FakeMistral.Seen::method, FakeMistral.Seen::path)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("POST", "/v1/files"),
            org.assertj.core.groups.Tuple.tuple("POST", "/v1/ocr"),
            org.assertj.core.groups.Tuple.tuple("DELETE", "/v1/files/file-1"));
    FakeMistral.Seen upload = mistral.seen.get(0);
    assertThat(upload.contentType()).startsWith("multipart/form-data; boundary=");
    String multipart = new String(upload.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(multipart)
        .contains("Content-Disposition: form-data; name=\"purpose\"\r\n")
        .contains("\r\n\r\nocr\r\n")
        .contains("Content-Disposition: form-data; name=\"file\"; filename=\"doc.pdf\"")
        .contains("Content-Type: application/pdf");
    JsonNode document = mistral.seen.get(1).json().get("document");
    assertThat(document)
        .isEqualTo(
            FakeMistral.JSON.createObjectNode().put("type", "file").put("file_id", "file-1"));
    assertThat(mistral.deleted).containsExactly("file-1");
  }

  @Test
  void anUploadMayBePassedAsASignedUrl() throws Exception {
    mistral.ocr = request -> pagesOf(1, "signed");
    backend(builder().maxInlineBytes(100).signedUrls(true)).convert(pdf(Pdfs.numbered(1)));
    assertThat(mistral.seen)
        .extracting(FakeMistral.Seen::path)
        .containsExactly(
            "/v1/files", "/v1/files/file-1/url?expiry=1", "/v1/ocr", "/v1/files/file-1");
    assertThat(mistral.seen.get(2).json().get("document").get("document_url").asText())
        .isEqualTo("https://files.example/file-1?sig=s3cr3t");
  }

  static ObjectNode pagesOf(int n, String text) {
    ObjectNode answer = FakeMistral.JSON.createObjectNode().put("model", FakeMistral.MODEL);
    var pages = answer.putArray("pages");
    for (int i = 0; i < n; i++) {
      FakeMistral.page(pages, i, text + " " + (i + 1));
    }
    answer.putObject("usage_info").put("pages_processed", n);
    return answer;
  }

  @Test
  void tablesReturnedApartArePutBackWhereTheirPlaceholdersStand() throws Exception {
    mistral.ocr =
        request -> {
          ObjectNode answer = pagesOf(1, "x");
          ObjectNode page = (ObjectNode) answer.get("pages").get(0);
          page.put("markdown", "Intro\n\n[tbl-0.html](tbl-0.html)\n\nEnd");
          page.putArray("tables")
              .addObject()
              .put("id", "tbl-0.html")
              .put("content", "<table><tr><td>1</td></tr></table>")
              .put("format", "html");
          page.put("header", "ACME report").put("footer", "page 1");
          return answer;
        };
    OcrResult r =
        backend(
                builder()
                    .tableFormat(MistralOcr.TableFormat.HTML)
                    .extractHeader(true)
                    .extractFooter(true))
            .convert(pdf(Pdfs.numbered(1)));
    assertThat(r.pages().get(0))
        .isEqualTo(
            "<!-- header: ACME report -->\n\nIntro\n\n<table><tr><td>1</td></tr></table>\n\nEnd"
                + "\n\n<!-- footer: page 1 -->");
    JsonNode sent = mistral.seen.get(0).json();
    assertThat(sent.get("table_format").asText()).isEqualTo("html");
    assertThat(sent.get("extract_header").asBoolean()).isTrue();
    assertThat(sent.get("extract_footer").asBoolean()).isTrue();
  }

  @Test
  void imagesAreSavedThroughTheBlobStoreAndLinksRewritten() throws Exception {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3};
    mistral.ocr =
        request -> {
          ObjectNode answer = pagesOf(1, "x");
          ObjectNode page = (ObjectNode) answer.get("pages").get(0);
          page.put("markdown", "A chart:\n\n![img-0.jpeg](img-0.jpeg)");
          ((com.fasterxml.jackson.databind.node.ArrayNode) page.get("images"))
              .addObject()
              .put("id", "img-0.jpeg")
              .put(
                  "image_base64",
                  "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(jpeg));
          return answer;
        };
    LocalBlobStore images = LocalBlobStore.at(dir.resolve("images"));
    OcrResult r = backend(builder().images(images, "blob:")).convert(pdf(Pdfs.numbered(1)));
    String md = r.pages().get(0);
    assertThat(md)
        .matches("(?s)A chart:\n\n!\\[img-0.jpeg]\\(blob:images/[0-9a-f]{32}/page-1-img-0.jpeg\\)");
    String key = md.substring(md.indexOf("blob:") + 5, md.length() - 1);
    try (InputStream in = images.get(key)) {
      assertThat(in.readAllBytes()).isEqualTo(jpeg);
    }
    assertThat(mistral.seen.get(0).json().get("include_image_base64").asBoolean()).isTrue();
  }

  @Test
  void pageRangesAreSentAsZeroBasedPages() throws Exception {
    OcrResult r = backend(builder().pages(0, 2)).convert(pdf(Pdfs.numbered(4)));
    assertThat(r.pages()).containsExactly("page 1", "page 3");
    assertThat(mistral.seen.get(0).json().get("pages").toString()).isEqualTo("[0,2]");
  }

  @Test
  void aDocumentOverThePageLimitIsSplitConvertedInPartsAndStitchedInOrder() throws Exception {
    mistral.ocrMillis = 100;
    OcrResult r =
        backend(builder().concurrency(2).maxInlineBytes(200_000))
            .convert(pdf(Pdfs.numbered(2_500)));
    assertThat(r.pages()).hasSize(2_500);
    for (int i = 0; i < 2_500; i++) {
      assertThat(r.pages().get(i)).isEqualTo("page " + (i + 1));
    }
    List<FakeMistral.Seen> ocr = mistral.requests("POST", "/v1/ocr");
    assertThat(ocr).hasSize(3); // 1,000 + 1,000 + 500 pages
    assertThat(mistral.mostInFlight.get()).isEqualTo(2);
    // Parts over the inline limit were uploaded and deleted again.
    assertThat(mistral.deleted).hasSameSizeAs(mistral.requests("POST", "/v1/files"));
    try (var left = Files.list(dir.resolve("tmp"))) {
      assertThat(left).isEmpty(); // parts and copies deleted
    }
  }

  @Test
  void a429IsRetriedAfterItsRetryAfterSeconds() throws Exception {
    mistral.then(
        FakeMistral.status(
            429, "{\"object\":\"error\",\"message\":\"Rate limit\"}", "Retry-After", "1"));
    long start = System.nanoTime();
    OcrResult r = backend(builder()).convert(pdf(Pdfs.numbered(1)));
    assertThat(r.pages()).containsExactly("page 1");
    assertThat(mistral.requests("POST", "/v1/ocr")).hasSize(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void a429RetryAfterMayBeAnHttpDate() throws Exception {
    String inTwoSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
    mistral.then(FakeMistral.status(429, "{}", "Retry-After", inTwoSeconds));
    long start = System.nanoTime();
    backend(builder()).convert(pdf(Pdfs.numbered(1)));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(mistral.requests("POST", "/v1/ocr")).hasSize(2);
  }

  @Test
  void a503StormIsRetriedUpToTheCapThenFailsRetryably() throws Exception {
    for (int i = 0; i < 3; i++) {
      mistral.then(
          FakeMistral.status(503, "{\"object\":\"error\",\"message\":\"Service unavailable\"}"));
    }
    assertThatThrownBy(() -> backend(builder()).convert(pdf(Pdfs.numbered(1))))
        .isInstanceOfSatisfying(
            OcrException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.statusCode()).hasValue(503);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "mistral: POST /v1/ocr failed with HTTP 503: Service unavailable (gave up after 3"
                          + " attempts)");
            });
    assertThat(mistral.requests("POST", "/v1/ocr")).hasSize(3);
  }

  @Test
  void aServerThatDoesNotAnswerInTimeIsATimeoutRetriedThenReported() throws Exception {
    MockResponse slow =
        new MockResponse.Builder().code(200).body("{}").headersDelay(2, TimeUnit.SECONDS).build();
    mistral.then(slow, slow, slow);
    MistralOcr b =
        backend(
            builder()
                .timeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(5)));
    assertThatThrownBy(() -> b.convert(pdf(Pdfs.numbered(1))))
        .isInstanceOfSatisfying(
            OcrException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.getMessage())
                  .contains("cannot reach")
                  .contains("gave up after 3 attempts");
            });
  }

  @Test
  void aDroppedConnectionIsRetried() throws Exception {
    mistral.then(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    OcrResult r = backend(builder()).convert(pdf(Pdfs.numbered(1)));
    assertThat(r.pages()).containsExactly("page 1");
  }

  @Test
  void unauthorizedAndValidationErrorsAreNotRetriedAndCarryMistralsMessage() throws Exception {
    mistral.then(FakeMistral.status(401, "{\"message\":\"Unauthorized\",\"request_id\":\"abc\"}"));
    assertThatThrownBy(() -> backend(builder()).convert(pdf(Pdfs.numbered(1))))
        .isInstanceOfSatisfying(
            OcrException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.statusCode()).hasValue(401);
              assertThat(e.getMessage())
                  .isEqualTo("mistral: POST /v1/ocr failed with HTTP 401: Unauthorized");
              assertThat(e.getMessage()).doesNotContain(KEY);
            });
    assertThat(mistral.requests("POST", "/v1/ocr")).hasSize(1);

    mistral.then(
        FakeMistral.status(
            422,
            "{\"object\":\"error\",\"message\":{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"document\"],"
                + "\"msg\":\"Field required\"}]},\"type\":\"invalid_request_message_error\"}"));
    assertThatThrownBy(() -> backend.convert(pdf(Pdfs.numbered(1))))
        .isInstanceOfSatisfying(
            OcrException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.statusCode()).hasValue(422);
              assertThat(e.getMessage()).contains("Field required");
            });
  }

  @Test
  void malformedTruncatedAndEmptyAnswersAreTypedErrors() throws Exception {
    MistralOcr b = backend(builder());
    mistral.then(FakeMistral.status(200, "{\"pages\": [ {\"index\": 0, \"markd"));
    assertThatThrownBy(() -> b.convert(pdf(Pdfs.numbered(1))))
        .isInstanceOf(OcrException.class)
        .hasMessageContaining("malformed or truncated response");
    mistral.then(FakeMistral.status(200, "{\"model\":\"m\"}"));
    assertThatThrownBy(() -> b.convert(pdf(Pdfs.numbered(1))))
        .isInstanceOf(OcrException.class)
        .hasMessage("mistral: POST /v1/ocr: malformed response: no pages array");
    mistral.then(FakeMistral.status(200, "{\"pages\":[{\"index\":0}]}"));
    assertThatThrownBy(() -> b.convert(pdf(Pdfs.numbered(1))))
        .isInstanceOf(OcrException.class)
        .hasMessage(
            "mistral: POST /v1/ocr: malformed response: a page without an index or markdown");
    mistral.then(FakeMistral.status(200, "{\"model\":\"m\",\"pages\":[]}"));
    assertThatThrownBy(() -> b.convert(pdf(Pdfs.numbered(1))))
        .isInstanceOfSatisfying(
            OcrException.class,
            e -> {
              assertThat(e.getMessage())
                  .isEqualTo("mistral: POST /v1/ocr returned no pages for doc.pdf");
              assertThat(e.retryable()).isFalse();
            });
  }

  @Test
  void theKeyIsNeverShown() {
    MistralOcr b = backend(builder());
    assertThat(b.toString()).doesNotContain(KEY).contains(mistral.baseUrl());
    assertThatThrownBy(() -> MistralOcr.builder().apiKey(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a Mistral API key is required (set MISTRAL_API_KEY)");
    assertThatThrownBy(() -> MistralOcr.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a Mistral API key is required");
  }

  @Test
  void anAnswerOverTheResponseCapIsATypedErrorAndNeverRead() throws Exception {
    MistralOcr b = backend(builder().maxResponseBytes(4096));
    String huge = "{\"pages\":[{\"index\":0,\"markdown\":\"" + "x".repeat(100_000) + "\"}]}";
    mistral.then(FakeMistral.status(200, huge));
    assertThatThrownBy(() -> b.convert(pdf(Pdfs.numbered(1))))
        .isInstanceOfSatisfying(
            OcrException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage())
                  .contains("over the limit of 4096 (maxResponseBytes)")
                  .hasSizeLessThan(300);
            });
    assertThat(mistral.requests("POST", "/v1/ocr")).hasSize(1);
  }

  @Test
  void credentialsEchoedInAnErrorBodyAreRedacted() throws Exception {
    mistral.then(
        FakeMistral.status(
            400,
            "{\"message\":\"bad request; headers were Authorization: Bearer "
                + KEY
                + " x-api-key=abc123secret token: 'tok_live_9' and key "
                + "AbCdEf0123456789AbCdEf0123456789ZZ\"}"));
    assertThatThrownBy(() -> backend(builder()).convert(pdf(Pdfs.numbered(1))))
        .isInstanceOfSatisfying(
            OcrException.class,
            e -> {
              assertThat(e.getMessage())
                  .doesNotContain(KEY, "abc123secret", "tok_live_9", "AbCdEf0123456789AbCdEf")
                  .contains("bad request; headers were Authorization: [redacted]")
                  .contains("x-api-key=[redacted]");
            });
  }

  @Test
  void settingsAreFrozenAtBuildAndTheCallersClientIsUsedAndLeftOpen() throws Exception {
    okhttp3.OkHttpClient mine = new okhttp3.OkHttpClient();
    MistralOcr.Builder builder = builder().client(mine);
    MistralOcr b = backend(builder);
    builder.baseUrl("http://127.0.0.1:9/"); // too late: the backend keeps what it was built with
    OcrResult r = b.convert(pdf(Pdfs.numbered(1)));
    assertThat(r.pages()).containsExactly("page 1");
    b.close();
    backend = null;
    assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
    mine.dispatcher().executorService().shutdown();
  }
}
