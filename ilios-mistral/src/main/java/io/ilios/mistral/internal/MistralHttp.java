package io.ilios.mistral.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ilios.OcrException;
import io.ilios.RetryPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mistral's HTTP API with the reliability rules of the backend: at most {@code concurrency} calls
 * at once; retries on 429 (honouring {@code Retry-After}), 500, 502, 503, 504 and connection
 * failures, with exponential backoff and jitter; typed errors that carry the status, Mistral's
 * message and whether a retry may help. The API key goes into the {@code Authorization} header and
 * nowhere else: not into messages, logs or {@code toString()}.
 */
public final class MistralHttp {
  private static final Logger log = LoggerFactory.getLogger(MistralHttp.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  static final ObjectMapper JSON = new ObjectMapper();

  /** The most bytes of an error body read; the rest is not looked at. */
  static final int MAX_ERROR_BODY = 64 * 1024;

  /** What looks like a credential in text a server sent back: it never reaches a message. */
  private static final Pattern CREDENTIAL =
      Pattern.compile(
          "(?i)(bearer\\s+|basic\\s+)[A-Za-z0-9._~+/=-]+"
              + "|((api[_-]?key|apikey|token|secret|password|authorization|x-api-key)"
              + "[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',;}&]+"
              + "|\\b[A-Za-z0-9]{32,}\\b");

  /** The longest {@code Retry-After} honoured; longer ones are cut to this. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  private final OkHttpClient client;
  private final HttpUrl base;
  private final String authorization;
  private final Semaphore slots;
  private final RetryPolicy retry;
  private final Clock clock;
  private final String backend;
  private final String apiKey;
  private final long maxResponseBytes;

  /**
   * @param maxResponseBytes the largest successful answer read; a larger one is a non-retryable
   *     {@link OcrException}, never an {@link OutOfMemoryError}
   */
  public MistralHttp(
      OkHttpClient client,
      HttpUrl base,
      String apiKey,
      int concurrency,
      RetryPolicy retry,
      Clock clock,
      String backend,
      long maxResponseBytes) {
    this.client = client;
    this.base = base;
    this.apiKey = apiKey;
    this.maxResponseBytes = maxResponseBytes;
    this.authorization = "Bearer " + apiKey;
    this.slots = new Semaphore(concurrency, true);
    this.retry = retry;
    this.clock = clock;
    this.backend = backend;
  }

  /** {@code POST path} with a JSON body; the parsed JSON answer. */
  public JsonNode postJson(String path, JsonNode body) throws InterruptedException {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the request", e);
    }
    return call("POST " + path, () -> request(path).post(RequestBody.create(bytes, JSON_TYPE)));
  }

  /**
   * {@code POST /v1/files} with {@code purpose=ocr}: the file is streamed from disk as the
   * multipart body, never read into the heap.
   */
  public JsonNode uploadFile(Path file, String fileName, String mimeType)
      throws InterruptedException {
    return call(
        "POST /v1/files",
        () ->
            request("/v1/files")
                .post(
                    new MultipartBody.Builder()
                        .setType(MultipartBody.FORM)
                        .addFormDataPart("purpose", "ocr")
                        .addFormDataPart(
                            "file",
                            fileName,
                            RequestBody.create(file.toFile(), MediaType.get(mimeType)))
                        .build()));
  }

  /** {@code GET /v1/files/{id}/url}: a signed URL Mistral can read the file from. */
  public String signedUrl(String fileId) throws InterruptedException {
    JsonNode r =
        call(
            "GET /v1/files/{id}/url", () -> request("/v1/files/" + fileId + "/url?expiry=1").get());
    JsonNode url = r.get("url");
    if (url == null || !url.isTextual()) {
      throw malformed("GET /v1/files/{id}/url", "no url in the answer");
    }
    return url.asText();
  }

  /** {@code DELETE /v1/files/{id}}; a failure is logged, not thrown (the OCR result is kept). */
  public void deleteFile(String fileId) {
    try {
      call("DELETE /v1/files/{id}", () -> request("/v1/files/" + fileId).delete());
    } catch (OcrException e) {
      log.warn("could not delete uploaded file {} from Mistral: {}", fileId, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("interrupted while deleting uploaded file {} from Mistral", fileId);
    }
  }

  private Request.Builder request(String pathAndQuery) {
    HttpUrl url =
        base.resolve(pathAndQuery.startsWith("/") ? pathAndQuery.substring(1) : pathAndQuery);
    if (url == null) {
      throw new IllegalArgumentException("bad path " + pathAndQuery);
    }
    return new Request.Builder()
        .url(url)
        .header("Authorization", authorization)
        .header("Accept", "application/json");
  }

  @FunctionalInterface
  private interface RequestMaker {
    Request.Builder make();
  }

  private JsonNode call(String what, RequestMaker maker) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      if (Thread.interrupted()) {
        throw new InterruptedException(what + " interrupted");
      }
      boolean last = attempt >= retry.maxAttempts();
      Duration wait;
      slots.acquire();
      long start = System.nanoTime();
      try (Response response = client.newCall(maker.make().build()).execute()) {
        int status = response.code();
        log.debug("{} -> {} in {} ms", what, status, (System.nanoTime() - start) / 1_000_000);
        if (response.isSuccessful()) {
          return parse(what, response.body());
        }
        String message = redact(errorMessage(response.body()));
        boolean retryable =
            status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
        if (!retryable || last) {
          throw new OcrException(
              backend,
              what
                  + " failed with HTTP "
                  + status
                  + ": "
                  + message
                  + (retryable ? " (gave up after " + attempt + " attempts)" : ""),
              retryable,
              status,
              null);
        }
        Optional<Duration> asked = retryAfter(response.header("Retry-After"));
        wait = asked.isPresent() ? asked.get() : backoff(attempt);
        log.info("{} answered HTTP {}; retrying in {} ms", what, status, wait.toMillis());
      } catch (IOException e) {
        if (last) {
          throw new OcrException(
              backend,
              what
                  + " failed: cannot reach "
                  + base.host()
                  + " ("
                  + e
                  + "), gave up after "
                  + attempt
                  + " attempts",
              true,
              -1,
              e);
        }
        wait = backoff(attempt);
        log.info("{} failed ({}); retrying in {} ms", what, e.toString(), wait.toMillis());
      } finally {
        slots.release();
      }
      Thread.sleep(wait.toMillis());
    }
  }

  private Duration backoff(int attempt) {
    return retry.backoff(attempt, ThreadLocalRandom.current().nextDouble());
  }

  /** {@code Retry-After} as seconds or an HTTP date, cut to {@link #MAX_RETRY_AFTER}. */
  Optional<Duration> retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    Duration d;
    try {
      d = Duration.ofSeconds(Long.parseLong(header.strip()));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at =
            ZonedDateTime.parse(header.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        d = Duration.between(clock.instant(), at);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
    if (d.isNegative()) {
      d = Duration.ZERO;
    }
    return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
  }

  private JsonNode parse(String what, ResponseBody body) {
    try {
      String text = body == null ? "" : bounded(what, body, maxResponseBytes);
      if (text.isBlank()) {
        throw malformed(what, "empty body");
      }
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw malformed(what, "not a JSON object");
      }
      return node;
    } catch (IOException e) {
      // A broken or cut-off body: a typed error, never a NullPointerException further on.
      throw new OcrException(
          backend,
          what + ": malformed or truncated response (" + e.getMessage() + ")",
          true,
          -1,
          e);
    }
  }

  OcrException malformed(String what, String why) {
    return new OcrException(backend, what + ": malformed response: " + why, false);
  }

  /**
   * The body as text, read only up to {@code max} bytes: a declared or actual length over it is a
   * non-retryable error (asking again would bring the same answer).
   */
  private String bounded(String what, ResponseBody body, long max) throws IOException {
    long declared = body.contentLength();
    if (declared > max) {
      throw tooLarge(what, declared + " bytes", max);
    }
    BufferedSource source = body.source();
    if (source.request(max + 1)) {
      throw tooLarge(what, "more than " + max + " bytes", max);
    }
    return source.readString(StandardCharsets.UTF_8);
  }

  private OcrException tooLarge(String what, String size, long max) {
    return new OcrException(
        backend,
        what + ": the response is " + size + ", over the limit of " + max + " (maxResponseBytes)",
        false);
  }

  /**
   * Text from the server with anything that looks like a credential (the configured key above all)
   * replaced, since servers and proxies sometimes echo the request back.
   */
  String redact(String text) {
    String out = apiKey.isEmpty() ? text : text.replace(apiKey, "[redacted]");
    Matcher m = CREDENTIAL.matcher(out);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String keep = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : "";
      m.appendReplacement(b, Matcher.quoteReplacement(keep + "[redacted]"));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** Mistral's error message: {@code message} (text or object), {@code detail}, or the body. */
  private static String errorMessage(ResponseBody body) {
    String text;
    try {
      if (body == null) {
        text = "";
      } else {
        BufferedSource source = body.source();
        source.request(MAX_ERROR_BODY);
        text =
            source
                .getBuffer()
                .readString(
                    Math.min(source.getBuffer().size(), MAX_ERROR_BODY), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      return "(no readable body)";
    }
    try {
      JsonNode json = JSON.readTree(text);
      if (json != null && json.isObject()) {
        JsonNode m = json.get("message");
        if (m != null && m.isTextual()) {
          return m.asText();
        }
        if (m != null && !m.isNull()) {
          return m.toString();
        }
        JsonNode detail = json.get("detail");
        if (detail != null) {
          return detail.isTextual() ? detail.asText() : detail.toString();
        }
      }
    } catch (IOException notJson) {
      // fall through to the raw text
    }
    String trimmed = text.strip();
    return trimmed.isEmpty()
        ? "(empty body)"
        : trimmed.length() > 500 ? trimmed.substring(0, 500) + "…" : trimmed;
  }
}
