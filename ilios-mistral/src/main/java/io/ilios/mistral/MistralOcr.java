package io.ilios.mistral;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilios.InvalidDocumentException;
import io.ilios.OcrException;
import io.ilios.RetryPolicy;
import io.ilios.internal.Checks;
import io.ilios.mistral.internal.MistralHttp;
import io.ilios.mistral.internal.OcrAnswer;
import io.ilios.mistral.internal.PartStitcher;
import io.ilios.mistral.internal.PdfParts;
import io.ilios.spi.BlobStore;
import io.ilios.spi.OcrBackend;
import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import io.ilios.spi.TempFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Mistral's OCR API as an OCR backend: {@code POST /v1/ocr} with {@code mistral-ocr-latest}. Small
 * documents go inline as base64 {@code data:} URLs; larger ones are uploaded ({@code POST
 * /v1/files}, streamed from disk), passed by file id (or signed URL) and deleted afterwards.
 * Documents over Mistral's limits (1,000 pages or 50 MB by default) are split into parts, converted
 * with bounded concurrency and put back in page order.
 *
 * <pre>{@code
 * try (MistralOcr mistral = MistralOcr.fromEnv();          // MISTRAL_API_KEY
 *     Ilios ilios = Ilios.builder().ocr(mistral).build()) { ... }
 * }</pre>
 *
 * <p>Failures are {@link OcrException}s with the HTTP status, Mistral's message and whether a retry
 * may help; 429 (honouring {@code Retry-After}), 5xx and connection failures are retried here
 * first. The API key never appears in messages, logs or {@link #toString()}. Thread-safe.
 */
public final class MistralOcr implements OcrBackend, AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MistralOcr.class);

  public static final String NAME = "mistral";
  public static final String DEFAULT_MODEL = "mistral-ocr-latest";
  public static final String DEFAULT_BASE_URL = "https://api.mistral.ai/";

  /** Default largest document sent inline as a data URL; larger ones are uploaded: 8 MiB. */
  public static final long DEFAULT_MAX_INLINE_BYTES = 8L << 20;

  /** Default most pages per request (Mistral's documented limit): 1,000. */
  public static final int DEFAULT_MAX_PAGES_PER_REQUEST = 1_000;

  /** Default most bytes per request (Mistral's documented limit): 50 MB. */
  public static final long DEFAULT_MAX_BYTES_PER_REQUEST = 50_000_000L;

  /** Default calls to Mistral at once. */
  public static final int DEFAULT_CONCURRENCY = 4;

  /** Default connect timeout. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Default read (and write) timeout. */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(3);

  /** Default timeout of one whole call. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofMinutes(10);

  /** Default retries of one call: 5 attempts, 1 s doubling to 60 s, ±20 %. */
  public static final RetryPolicy DEFAULT_RETRY =
      new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2);

  /** Default largest answer read: 256 MiB. */
  public static final long DEFAULT_MAX_RESPONSE_BYTES = 256L << 20;

  static final Set<String> SUPPORTED =
      Set.of(
          "application/pdf",
          "image/png",
          "image/jpeg",
          "image/tiff",
          "image/webp",
          "image/gif",
          "image/bmp");

  /** How tables come back: inside the Markdown (the API's default), or apart and put back. */
  public enum TableFormat {
    DEFAULT,
    MARKDOWN,
    HTML
  }

  private final Builder b; // a private copy made at build(): later setter calls change nothing
  private final MistralHttp http;
  private final OkHttpClient client;
  private final boolean ownsClient;
  private final ExecutorService parts;

  private MistralOcr(Builder b) {
    this.b = b;
    this.ownsClient = b.client == null;
    OkHttpClient.Builder http =
        b.client != null ? b.client.newBuilder() : new OkHttpClient.Builder();
    this.client =
        http.connectTimeout(b.connectTimeout)
            .readTimeout(b.readTimeout)
            .writeTimeout(b.readTimeout)
            .callTimeout(b.callTimeout)
            .retryOnConnectionFailure(false) // retries are ours, counted and backed off
            .build();
    this.http =
        new MistralHttp(
            client, b.baseUrl, b.apiKey, b.concurrency, b.retry, b.clock, NAME, b.maxResponseBytes);
    AtomicInteger n = new AtomicInteger();
    this.parts =
        Executors.newFixedThreadPool(
            b.concurrency,
            r -> {
              Thread t = new Thread(r, "ilios-mistral-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** A backend with the API key from {@code MISTRAL_API_KEY} and the other defaults. */
  public static MistralOcr fromEnv() {
    return builder().apiKey(System.getenv("MISTRAL_API_KEY")).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> supportedMimeTypes() {
    return SUPPORTED;
  }

  @Override
  public OcrResult convert(OcrInput input) throws InterruptedException {
    try (TempFile copy = input.copyToTempFile()) {
      Path file = copy.path();
      String digest = b.imageStore != null ? sha256(file) : "";
      if (!input.mimeType().equals("application/pdf")) {
        List<String> models = models();
        PdfParts.Part image = new PdfParts.Part(file, 0, 1, false);
        return run(List.of(convertPart(image, List.of(), input, digest, models)), models);
      }
      try (PdfParts pdf = PdfParts.open(file, input.fileName(), b.tempDirectory)) {
        int pages = pdf.pageCount();
        if (pages == 0) {
          throw new InvalidDocumentException(input.fileName() + " has no pages");
        }
        if (pages <= b.maxPages && Files.size(file) <= b.maxBytes) {
          List<String> models = models();
          PdfParts.Part whole = new PdfParts.Part(file, 0, pages, false);
          return run(
              List.of(
                  convertPart(whole, PartStitcher.selected(whole, b.pages), input, digest, models)),
              models);
        }
        return runParts(pdf, input, digest);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + input.fileName() + " for Mistral", e);
    }
  }

  private static List<String> models() {
    return new ArrayList<>();
  }

  private OcrResult run(List<List<String>> partPages, List<String> models) {
    List<String> pages = new ArrayList<>();
    partPages.forEach(pages::addAll);
    String model;
    synchronized (models) {
      model = models.isEmpty() ? b.model : models.get(0);
    }
    return new OcrResult(pages, model, 0, 0);
  }

  /** Sends the PDF in parts, with at most {@code concurrency} of them on disk at once. */
  private OcrResult runParts(PdfParts pdf, OcrInput input, String digest)
      throws InterruptedException {
    List<String> models = models();
    List<String> pages =
        stitcher()
            .pages(
                pdf,
                b.maxPages,
                b.maxBytes,
                input.fileName(),
                (part, selected) -> convertPart(part, selected, input, digest, models));
    return run(List.of(pages), models);
  }

  private PartStitcher stitcher() {
    return new PartStitcher(parts, b.concurrency, b.pages, NAME);
  }

  private List<String> convertPart(
      PdfParts.Part part,
      List<Integer> selected,
      OcrInput input,
      String digest,
      List<String> models)
      throws InterruptedException, IOException {
    boolean pdf = input.mimeType().equals("application/pdf");
    String type = pdf ? "document_url" : "image_url";
    ObjectNode document = JsonNodeFactory.instance.objectNode();
    String fileId = null;
    try {
      long size = Files.size(part.file());
      if (size <= b.maxInlineBytes) {
        String data = Base64.getEncoder().encodeToString(Files.readAllBytes(part.file()));
        document.put("type", type).put(type, "data:" + input.mimeType() + ";base64," + data);
      } else {
        String name = partName(input.fileName(), part);
        JsonNode uploaded = http.uploadFile(part.file(), name, input.mimeType());
        if (!uploaded.path("id").isTextual()) {
          throw new OcrException(NAME, "POST /v1/files: malformed response: no id", false);
        }
        fileId = uploaded.get("id").asText();
        if (b.signedUrls || !pdf) {
          document.put("type", type).put(type, http.signedUrl(fileId));
        } else {
          document.put("type", "file").put("file_id", fileId);
        }
      }
      ObjectNode body = JsonNodeFactory.instance.objectNode();
      body.put("model", b.model);
      body.set("document", document);
      if (!selected.isEmpty()) {
        selected.forEach(body.putArray("pages")::add);
      }
      if (b.tableFormat != TableFormat.DEFAULT) {
        body.put("table_format", b.tableFormat.name().toLowerCase(java.util.Locale.ROOT));
      }
      if (b.extractHeader) {
        body.put("extract_header", true);
      }
      if (b.extractFooter) {
        body.put("extract_footer", true);
      }
      body.put("include_image_base64", b.imageStore != null);
      OcrAnswer answer = OcrAnswer.parse(http.postJson("/v1/ocr", body), NAME);
      if (answer.pagesProcessed() != answer.pages().size()) {
        // Usage is counted from the pages delivered; say so when Mistral counted otherwise.
        log.warn(
            "{}: Mistral reports {} pages processed but returned {}",
            input.fileName(),
            answer.pagesProcessed(),
            answer.pages().size());
      }
      synchronized (models) {
        models.add(answer.model());
      }
      return stitch(answer, part, selected, input.fileName(), digest);
    } finally {
      if (fileId != null) {
        http.deleteFile(fileId);
      }
    }
  }

  private static String partName(String fileName, PdfParts.Part part) {
    return part.temporary()
        ? fileName + " (pages " + (part.first() + 1) + "-" + part.end() + ")"
        : fileName;
  }

  /** The part's pages in order, tables and images put back, checked against what was asked. */
  private List<String> stitch(
      OcrAnswer answer,
      PdfParts.Part part,
      List<Integer> selected,
      String fileName,
      String digest) {
    int span = part.end() - part.first();
    int expected = selected.isEmpty() ? span : selected.size();
    if (answer.pages().isEmpty()) {
      throw new OcrException(NAME, "POST /v1/ocr returned no pages for " + fileName, false);
    }
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    for (OcrAnswer.Page page : answer.pages()) {
      if (page.index() < 0 || page.index() >= span || byIndex.containsKey(page.index())) {
        throw new OcrException(
            NAME, "POST /v1/ocr: malformed response: unexpected page index " + page.index(), false);
      }
      byIndex.put(page.index(), pageMarkdown(page, part.first() + page.index(), digest));
    }
    if (byIndex.size() != expected) {
      throw new OcrException(
          NAME,
          "POST /v1/ocr returned " + byIndex.size() + " of " + expected + " pages of " + fileName,
          true);
    }
    return new ArrayList<>(byIndex.values());
  }

  private String pageMarkdown(OcrAnswer.Page page, int globalIndex, String digest) {
    String md = page.markdown();
    for (OcrAnswer.Table t : page.tables()) {
      md = md.replace("[" + t.id() + "](" + t.id() + ")", t.content());
    }
    if (b.imageStore != null) {
      for (OcrAnswer.Image image : page.images()) {
        Optional<String> data = image.base64();
        if (data.isEmpty()) {
          continue;
        }
        String key = "images/" + digest + "/page-" + (globalIndex + 1) + "-" + safe(image.id());
        byte[] bytes = decodeDataUri(data.get());
        b.imageStore.put(key, new ByteArrayInputStream(bytes), bytes.length);
        md = md.replace("](" + image.id() + ")", "](" + b.imageUrlPrefix + key + ")");
      }
    }
    StringBuilder out = new StringBuilder();
    page.header().ifPresent(h -> out.append("<!-- header: ").append(h.strip()).append(" -->\n\n"));
    out.append(md.strip());
    page.footer().ifPresent(f -> out.append("\n\n<!-- footer: ").append(f.strip()).append(" -->"));
    return out.toString();
  }

  private static String safe(String id) {
    String s = id.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.isEmpty() ? "image" : s;
  }

  private static byte[] decodeDataUri(String data) {
    int comma = data.indexOf(',');
    String b64 = data.startsWith("data:") && comma > 0 ? data.substring(comma + 1) : data;
    try {
      return Base64.getDecoder().decode(b64.strip());
    } catch (IllegalArgumentException e) {
      throw new OcrException(NAME, "POST /v1/ocr: malformed response: bad image data", false);
    }
  }

  private static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the part threads and the HTTP client's threads and connections. */
  @Override
  public void close() {
    parts.shutdownNow();
    try {
      parts.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownsClient) {
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
    }
  }

  /** Shows where it points and the model; never the key. */
  @Override
  public String toString() {
    return "MistralOcr{baseUrl=" + b.baseUrl + ", model=" + b.model + "}";
  }

  /** Settings of a {@link MistralOcr}; setters validate at once. */
  public static final class Builder {
    private String apiKey;
    private HttpUrl baseUrl = HttpUrl.get(DEFAULT_BASE_URL);
    private String model = DEFAULT_MODEL;
    private TableFormat tableFormat = TableFormat.DEFAULT;
    private boolean extractHeader;
    private boolean extractFooter;
    private BlobStore imageStore;
    private String imageUrlPrefix = "";
    private TreeSet<Integer> pages;
    private boolean signedUrls;
    private long maxInlineBytes = DEFAULT_MAX_INLINE_BYTES;
    private int maxPages = DEFAULT_MAX_PAGES_PER_REQUEST;
    private long maxBytes = DEFAULT_MAX_BYTES_PER_REQUEST;
    private int concurrency = DEFAULT_CONCURRENCY;
    private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
    private RetryPolicy retry = DEFAULT_RETRY;
    private Clock clock = Clock.systemUTC();
    private Path tempDirectory = Path.of(System.getProperty("java.io.tmpdir"));
    private OkHttpClient client;

    private Builder() {}

    /** Every setting, copied, so that the backend built from it cannot be changed afterwards. */
    private Builder copy() {
      Builder c = new Builder();
      c.apiKey = apiKey;
      c.baseUrl = baseUrl;
      c.model = model;
      c.tableFormat = tableFormat;
      c.extractHeader = extractHeader;
      c.extractFooter = extractFooter;
      c.imageStore = imageStore;
      c.imageUrlPrefix = imageUrlPrefix;
      c.pages = pages == null ? null : new TreeSet<>(pages);
      c.signedUrls = signedUrls;
      c.maxInlineBytes = maxInlineBytes;
      c.maxPages = maxPages;
      c.maxBytes = maxBytes;
      c.concurrency = concurrency;
      c.maxResponseBytes = maxResponseBytes;
      c.connectTimeout = connectTimeout;
      c.readTimeout = readTimeout;
      c.callTimeout = callTimeout;
      c.retry = retry;
      c.clock = clock;
      c.tempDirectory = tempDirectory;
      c.client = client;
      return c;
    }

    /**
     * The caller's HTTP client: its connection pool, dispatcher, proxy and interceptors are shared
     * (through {@link OkHttpClient#newBuilder()}, with this backend's timeouts), and it is never
     * shut down by {@link MistralOcr#close()}. Default: a client of the backend's own.
     */
    public Builder client(OkHttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The API key. Required; {@link #fromEnv()} reads {@code MISTRAL_API_KEY}. */
    public Builder apiKey(String key) {
      if (key == null || key.isBlank()) {
        throw new IllegalArgumentException("a Mistral API key is required (set MISTRAL_API_KEY)");
      }
      this.apiKey = key.strip();
      return this;
    }

    /** Where the API is, for proxies and tests. Default {@value #DEFAULT_BASE_URL}. */
    public Builder baseUrl(String url) {
      HttpUrl parsed = HttpUrl.parse(Objects.requireNonNull(url, "url"));
      if (parsed == null) {
        throw new IllegalArgumentException("baseUrl is not an http(s) URL: " + url);
      }
      this.baseUrl = parsed.newBuilder().addPathSegment("").build();
      return this;
    }

    /** The OCR model. Default {@value #DEFAULT_MODEL}. */
    public Builder model(String model) {
      this.model = Checks.notBlank("model", model, 100);
      return this;
    }

    /** How tables come back; MARKDOWN and HTML return them apart, and they are put back. */
    public Builder tableFormat(TableFormat format) {
      this.tableFormat = Objects.requireNonNull(format, "format");
      return this;
    }

    /** Ask Mistral to take page headers out of the Markdown (kept as a comment). */
    public Builder extractHeader(boolean on) {
      this.extractHeader = on;
      return this;
    }

    /** Ask Mistral to take page footers out of the Markdown (kept as a comment). */
    public Builder extractFooter(boolean on) {
      this.extractFooter = on;
      return this;
    }

    /**
     * Ask for the images of each page ({@code include_image_base64}) and keep them in {@code store}
     * under {@code images/<document digest>/page-N-<id>}; the Markdown links are rewritten to
     * {@code prefix + key}.
     */
    public Builder images(BlobStore store, String prefix) {
      this.imageStore = Objects.requireNonNull(store, "store");
      this.imageUrlPrefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Convert only these pages, numbered from 0 as Mistral numbers them. Default: all. */
    public Builder pages(int... zeroBased) {
      TreeSet<Integer> set = new TreeSet<>();
      for (int p : zeroBased) {
        set.add(Checks.inRange("page", p, 0, 1_000_000));
      }
      this.pages = set.isEmpty() ? null : set;
      return this;
    }

    /** Pass uploaded PDFs as signed URLs instead of file ids. Default off. */
    public Builder signedUrls(boolean on) {
      this.signedUrls = on;
      return this;
    }

    /** Documents up to this size go inline as base64. Default 8 MiB. */
    public Builder maxInlineBytes(long bytes) {
      this.maxInlineBytes = Checks.inRange("maxInlineBytes", bytes, 0, 50L << 20);
      return this;
    }

    /** Most pages in one request; longer PDFs are split. Default 1,000. */
    public Builder maxPagesPerRequest(int pages) {
      this.maxPages = Checks.inRange("maxPagesPerRequest", pages, 1, 10_000);
      return this;
    }

    /** Largest file in one request; larger PDFs are split. Default 50 MB. */
    public Builder maxBytesPerRequest(long bytes) {
      this.maxBytes = Checks.inRange("maxBytesPerRequest", bytes, 1_000, 1L << 40);
      return this;
    }

    /**
     * The largest answer read from Mistral, 1 KiB–4 GiB. A larger one fails the document (not
     * retried) instead of filling the heap. Default {@value #DEFAULT_MAX_RESPONSE_BYTES}.
     */
    public Builder maxResponseBytes(long bytes) {
      this.maxResponseBytes = Checks.inRange("maxResponseBytes", bytes, 1024, 4L << 30);
      return this;
    }

    /** Calls to Mistral at once from this backend, 1–64. Default 4. */
    public Builder concurrency(int calls) {
      this.concurrency = Checks.inRange("concurrency", calls, 1, 64);
      return this;
    }

    /** Connect, read (and write) and whole-call timeouts. Defaults 10 s, 3 min, 10 min. */
    public Builder timeouts(Duration connect, Duration read, Duration call) {
      this.connectTimeout = Checks.positive("connect", connect);
      this.readTimeout = Checks.positive("read", read);
      this.callTimeout = Checks.positive("call", call);
      return this;
    }

    /** Attempts and backoff for 429, 5xx and connection failures. Default 5, 1 s … 60 s, ±20 %. */
    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /** The clock for {@code Retry-After} dates. Default system UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where parts of split documents are written. Default the JVM's temp folder. */
    public Builder tempDirectory(Path folder) {
      this.tempDirectory = Objects.requireNonNull(folder, "folder");
      return this;
    }

    public MistralOcr build() {
      if (apiKey == null) {
        throw new IllegalStateException(
            "a Mistral API key is required: apiKey(...) or MISTRAL_API_KEY");
      }
      return new MistralOcr(copy());
    }
  }
}
