package io.ilios.mistral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * A local server that speaks Mistral's documented OCR and Files JSON. By default it answers {@code
 * POST /v1/ocr} with one page per PDF page (the page's text as its Markdown) or one page per image;
 * tests queue other answers (errors, odd bodies) and read back every request.
 */
final class FakeMistral implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String MODEL = "mistral-ocr-2512";

  /** A request as received: method, path, headers we check, and the body. */
  record Seen(
      String method,
      String path,
      String authorization,
      String contentType,
      byte[] body,
      long size) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
  }

  final MockWebServer server = new MockWebServer();
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  final Deque<MockResponse> queued = new ArrayDeque<>();
  final Map<String, byte[]> files = new ConcurrentHashMap<>();
  final List<String> deleted = new CopyOnWriteArrayList<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger mostInFlight = new AtomicInteger();
  private final AtomicInteger fileIds = new AtomicInteger();
  volatile Function<JsonNode, ObjectNode> ocr = this::pagesFromDocument;
  volatile long ocrMillis;

  FakeMistral() throws IOException {
    server.setBodyLimit(64L << 20);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) throws InterruptedException {
            return handle(r);
          }
        });
    server.start();
  }

  String baseUrl() {
    return server.url("/").toString();
  }

  /** The next answers to give, before the default behaviour resumes. */
  synchronized FakeMistral then(MockResponse... responses) {
    queued.addAll(List.of(responses));
    return this;
  }

  static MockResponse status(int code, String body, String... headers) {
    MockResponse.Builder b = new MockResponse.Builder().code(code).body(body);
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  List<Seen> requests(String method, String pathPrefix) {
    return seen.stream()
        .filter(s -> s.method().equals(method) && s.path().startsWith(pathPrefix))
        .toList();
  }

  private MockResponse handle(RecordedRequest r) throws InterruptedException {
    byte[] body = r.getBody() == null ? new byte[0] : r.getBody().toByteArray();
    String path = r.getUrl().encodedPath();
    seen.add(
        new Seen(
            r.getMethod(),
            r.getTarget(),
            r.getHeaders().get("Authorization"),
            r.getHeaders().get("Content-Type"),
            body,
            r.getBodySize()));
    MockResponse scripted;
    synchronized (this) {
      scripted = queued.poll();
    }
    if (scripted != null) {
      return scripted;
    }
    try {
      if (r.getMethod().equals("POST") && path.equals("/v1/files")) {
        String id = "file-" + fileIds.incrementAndGet();
        files.put(id, pdfInMultipart(body));
        return json(
            JSON.createObjectNode()
                .put("id", id)
                .put("object", "file")
                .put("bytes", r.getBodySize())
                .put("purpose", "ocr"));
      }
      if (r.getMethod().equals("GET") && path.matches("/v1/files/[^/]+/url")) {
        String id = path.split("/")[3];
        return json(
            JSON.createObjectNode().put("url", "https://files.example/" + id + "?sig=s3cr3t"));
      }
      if (r.getMethod().equals("DELETE") && path.startsWith("/v1/files/")) {
        String id = path.substring("/v1/files/".length());
        deleted.add(id);
        return json(
            JSON.createObjectNode().put("id", id).put("object", "file").put("deleted", true));
      }
      if (r.getMethod().equals("POST") && path.equals("/v1/ocr")) {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try {
          if (ocrMillis > 0) {
            Thread.sleep(ocrMillis);
          }
          return json(ocr.apply(JSON.readTree(body)));
        } finally {
          inFlight.decrementAndGet();
        }
      }
      return status(404, "{\"object\":\"error\",\"message\":\"no route " + path + "\"}");
    } catch (IOException e) {
      return status(
          400, "{\"object\":\"error\",\"message\":\"bad request: " + e.getMessage() + "\"}");
    }
  }

  static MockResponse json(JsonNode node) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(node.toString())
        .build();
  }

  /** One page per PDF page with its text, or one page for an image. */
  ObjectNode pagesFromDocument(JsonNode request) {
    JsonNode doc = request.get("document");
    String type = doc.get("type").asText();
    ObjectNode answer = JSON.createObjectNode().put("model", MODEL);
    ArrayNode pages = answer.putArray("pages");
    if (type.equals("image_url")) {
      page(pages, 0, "image page");
    } else {
      byte[] pdf =
          type.equals("file")
              ? files.get(doc.get("file_id").asText())
              : Base64.getDecoder().decode(doc.get("document_url").asText().split(",", 2)[1]);
      try (PDDocument d = Loader.loadPDF(pdf)) {
        PDFTextStripper text = new PDFTextStripper();
        for (int i = 0; i < d.getNumberOfPages(); i++) {
          if (request.has("pages") && !contains(request.get("pages"), i)) {
            continue;
          }
          text.setStartPage(i + 1);
          text.setEndPage(i + 1);
          page(pages, i, text.getText(d).strip());
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    // Pages come back in any order; the client puts them in order.
    if (pages.size() > 1) {
      JsonNode first = pages.remove(0);
      pages.add(first);
    }
    answer.putObject("usage_info").put("pages_processed", pages.size()).put("doc_size_bytes", 1);
    return answer;
  }

  private static boolean contains(JsonNode array, int value) {
    for (JsonNode n : array) {
      if (n.asInt() == value) {
        return true;
      }
    }
    return false;
  }

  static void page(ArrayNode pages, int index, String markdown) {
    ObjectNode p = pages.addObject();
    p.put("index", index).put("markdown", markdown);
    p.putArray("images");
    p.putObject("dimensions").put("dpi", 200).put("height", 2200).put("width", 1700);
  }

  /**
   * The file part of a multipart upload (bytes after the part's blank line, before the boundary).
   */
  private static byte[] pdfInMultipart(byte[] body) {
    String text = new String(body, java.nio.charset.StandardCharsets.ISO_8859_1);
    int start = text.indexOf("%PDF-");
    if (start < 0) {
      return new byte[0];
    }
    int end = text.lastIndexOf("\r\n--");
    return java.util.Arrays.copyOfRange(body, start, end > start ? end : body.length);
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
