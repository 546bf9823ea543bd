package io.ilios.local;

import io.ilios.InvalidDocumentException;
import io.ilios.internal.Checks;
import io.ilios.local.internal.ImageFile;
import io.ilios.local.internal.MissingLanguage;
import io.ilios.local.internal.OcrPage;
import io.ilios.local.internal.OcrPool;
import io.ilios.local.internal.PageLayout;
import io.ilios.local.internal.PdfConversion;
import io.ilios.local.internal.Tesseract;
import io.ilios.spi.OcrBackend;
import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import io.ilios.spi.TempFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded OCR backend: no network, no API key, nothing installed by hand. PDF pages with a
 * usable text layer become Markdown from that layer (Apache PDFBox): headings from font sizes and
 * weight, paragraphs, lists, tables from column alignment, code blocks, links, two-column reading
 * order, running headers, footers and page numbers removed. Pages without text, with garbled text,
 * and images are recognised with Tesseract (native library and English data from Maven Central).
 *
 * <pre>{@code
 * try (LocalConverter local = LocalConverter.create();
 *     Ilios ilios = Ilios.builder().ocr(local).build()) { ... }
 * }</pre>
 *
 * <p>Thread-safe; close it to stop its OCR threads. Costs nothing ({@code local} is free in the
 * default {@link io.ilios.PriceTable}).
 */
public final class LocalConverter implements OcrBackend, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalConverter.class);

  /** The backend name, as used in price tables and usage records. */
  public static final String NAME = "local";

  /** The model reported in conversions. */
  public static final String MODEL = "ilios-local-1";

  /** Image types Tesseract reads through Leptonica, plus PDF. */
  public static final Set<String> SUPPORTED =
      Set.of(
          "application/pdf",
          "image/png",
          "image/jpeg",
          "image/tiff",
          "image/webp",
          "image/gif",
          "image/bmp");

  private final Builder settings;
  private final OcrPool ocr;
  private final PdfConversion pdf;

  private LocalConverter(Builder b) {
    this.settings = b;
    Path tessdata =
        b.tessdata != null
            ? b.tessdata
            : Tesseract.bundledEnglish(b.dataDirectory.resolve("tessdata"));
    this.ocr = new OcrPool(NAME, tessdata, b.languages, orientationData(tessdata, b), b.ocrThreads);
    this.pdf =
        new PdfConversion(
            new PdfConversion.Settings(
                NAME,
                b.dpi,
                b.pageMarkers,
                b.password,
                b.pageTimeout,
                b.maxPagePixels,
                b.maxPages,
                b.dataDirectory.resolve("tmp")),
            ocr);
  }

  /**
   * Where Tesseract's orientation data is: in the language folder, else the bundled copy; null when
   * there is none (pages scanned sideways are then read as they are).
   */
  private static Path orientationData(Path tessdata, Builder b) {
    if (Files.isRegularFile(tessdata.resolve("osd.traineddata"))) {
      return tessdata;
    }
    try {
      return Tesseract.bundledOrientation(b.dataDirectory.resolve("tessdata"));
    } catch (IllegalStateException e) {
      log.debug("no orientation data: pages are not turned ({})", e.getMessage());
      return null;
    }
  }

  /** A converter with the defaults of {@link Builder}. */
  public static LocalConverter create() {
    return builder().build();
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

  /**
   * Converts a PDF or an image. Whatever PDFBox, Leptonica or Tesseract throw for a malformed file,
   * and a document that needs more memory than there is, ends as an {@link
   * InvalidDocumentException} of this document: never retried, never fatal to the caller.
   */
  @Override
  public OcrResult convert(OcrInput input) throws InterruptedException {
    long start = System.nanoTime();
    try (TempFile file = input.copyToTempFile()) {
      boolean pdf = input.mimeType().equals("application/pdf");
      OcrResult r = pdf ? pdf(file, input.fileName()) : image(file, input);
      log.debug(
          "{}: {} pages in {} ms",
          input.fileName(),
          r.pages().size(),
          (System.nanoTime() - start) / 1_000_000);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + input.fileName() + " to a temporary file", e);
    } catch (OutOfMemoryError e) {
      throw new InvalidDocumentException(
          input.fileName() + " needs more memory to convert than this process has", e);
    }
  }

  private OcrResult pdf(TempFile file, String fileName) throws InterruptedException {
    PdfConversion.Result r = pdf.convert(file.path(), fileName);
    log.debug("{}: {} pages by OCR, per page {}", fileName, r.ocrPages(), r.pageTimes());
    if (r.ocrPages() > 0) {
      warnIfLanguageMissing(fileName, r.pages());
    }
    return new OcrResult(r.pages(), MODEL, 0, 0, r.pageTimes());
  }

  /** Says so when recognised text seems to be in a language whose data is not loaded. */
  private void warnIfLanguageMissing(String fileName, List<String> pages) {
    MissingLanguage.of(String.join("\n", pages), settings.languages)
        .ifPresent(
            language ->
                log.warn(
                    "{}: the text looks like '{}', but OCR reads only '{}': accented letters are"
                        + " likely lost or misread. Add its data (LocalConverter.builder().languages(\"{}+{}\"),"
                        + " ILIOS_OCR_LANGUAGES)",
                    fileName,
                    language,
                    settings.languages,
                    settings.languages,
                    language));
  }

  /** Each frame of the image (a TIFF may have many) becomes one page. */
  private OcrResult image(TempFile file, OcrInput input) throws InterruptedException {
    String name = input.fileName();
    ImageFile image =
        new ImageFile(
            file.path(), name, input.mimeType().equals("image/tiff"), settings.maxPagePixels);
    int frames = image.frames(settings.maxPages);
    List<OcrPool.Job> jobs = new ArrayList<>(frames);
    try {
      return recognizeFrames(image, frames, jobs, name);
    } catch (InterruptedException | RuntimeException e) {
      OcrPool.cancelAll(jobs);
      throw e;
    }
  }

  private OcrResult recognizeFrames(
      ImageFile image, int frames, List<OcrPool.Job> jobs, String name)
      throws InterruptedException {
    for (int i = 0; i < frames; i++) {
      int frame = i;
      jobs.add(
          ocr.submit(
              engine -> {
                PIX pix = image.read(frame);
                try {
                  return engine.recognize(pix, settings.pageTimeout);
                } finally {
                  leptonica.pixDestroy(pix);
                }
              }));
    }
    List<OcrPage> pages = new ArrayList<>(frames);
    List<Duration> times = new ArrayList<>(frames);
    for (int i = 0; i < frames; i++) {
      long start = System.nanoTime();
      String what = frames == 1 ? name : name + " frame " + (i + 1);
      pages.add(jobs.get(i).await(settings.pageTimeout, what, NAME));
      times.add(Duration.ofNanos(System.nanoTime() - start));
    }
    List<String> markdown = PageLayout.markdown(pages);
    warnIfLanguageMissing(name, markdown);
    return new OcrResult(markdown, MODEL, 0, 0, times);
  }

  /** Stops the OCR threads and frees the Tesseract engines. */
  @Override
  public void close() {
    ocr.close();
  }

  @Override
  public String toString() {
    return "LocalConverter{dpi=" + settings.dpi + ", languages=" + settings.languages + "}";
  }

  /** Settings of a {@link LocalConverter}; setters validate at once. */
  public static final class Builder {
    /** Default {@link #maxPagePixels}: 150 million (A0 at 300 dpi is 140 million). */
    public static final long DEFAULT_MAX_PAGE_PIXELS = 150_000_000L;

    /** Default {@link #maxPages}. */
    public static final int DEFAULT_MAX_PAGES = 10_000;

    private int dpi = 300;
    private String languages = "eng";
    private Path tessdata;
    private Path dataDirectory = Path.of("data");
    private boolean pageMarkers;
    private String password = "";
    private Duration pageTimeout = Duration.ofMinutes(2);
    private int ocrThreads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private long maxPagePixels = DEFAULT_MAX_PAGE_PIXELS;
    private int maxPages = DEFAULT_MAX_PAGES;

    private Builder() {}

    /** Resolution at which scanned PDF pages are rendered for OCR, 72–1200. Default 300. */
    public Builder dpi(int dpi) {
      this.dpi = Checks.inRange("dpi", dpi, 72, 1200);
      return this;
    }

    /**
     * Tesseract languages, such as {@code "eng"} or {@code "eng+deu"}. Default {@code "eng"}, which
     * is bundled; others need their {@code .traineddata} in {@link #tessdata}.
     */
    public Builder languages(String languages) {
      this.languages = Checks.notBlank("languages", languages, 100);
      return this;
    }

    /**
     * A folder of Tesseract language data ({@code <lang>.traineddata}). Default: bundled English.
     */
    public Builder tessdata(Path folder) {
      this.tessdata = Objects.requireNonNull(folder, "folder");
      return this;
    }

    /** Where the bundled language data and temporary files go. Default {@code data}. */
    public Builder dataDirectory(Path folder) {
      this.dataDirectory = Objects.requireNonNull(folder, "folder");
      return this;
    }

    /** Starts each page with {@code <!-- page N -->}. Default off. */
    public Builder pageMarkers(boolean on) {
      this.pageMarkers = on;
      return this;
    }

    /** The password of encrypted PDFs. Default none. */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /** How long OCR of one page may take, 1 s–1 h. Default 2 minutes. */
    public Builder pageTimeout(Duration timeout) {
      Checks.inRange(
          "pageTimeout (ms)", Checks.positive("pageTimeout", timeout).toMillis(), 1_000, 3_600_000);
      this.pageTimeout = timeout;
      return this;
    }

    /** Pages recognised at once, each by its own single-threaded engine, 1–64. Default: cores. */
    public Builder ocrThreads(int threads) {
      this.ocrThreads = Checks.inRange("ocrThreads", threads, 1, 64);
      return this;
    }

    /**
     * The largest page recognised, in pixels: a PDF page rendered at the chosen dpi, an image or
     * one frame of a TIFF, 1 million–2 billion. Checked against what the file declares, before
     * anything is decoded. Default {@value #DEFAULT_MAX_PAGE_PIXELS}.
     */
    public Builder maxPagePixels(long pixels) {
      this.maxPagePixels = Checks.inRange("maxPagePixels", pixels, 1_000_000, 2_000_000_000L);
      return this;
    }

    /**
     * The most pages of a PDF, or frames of a TIFF, one document may have, 1–1,000,000. Counted in
     * the file's page tree, never taken from the count it declares. Default {@value
     * #DEFAULT_MAX_PAGES}.
     */
    public Builder maxPages(int pages) {
      this.maxPages = Checks.inRange("maxPages", pages, 1, 1_000_000);
      return this;
    }

    /**
     * Builds the converter. Tesseract itself starts with the first page that needs OCR, so that
     * text-only documents never load it; the language data files are checked here.
     *
     * @throws IllegalStateException if a language's data file is missing
     */
    public LocalConverter build() {
      LocalConverter c = new LocalConverter(this);
      try {
        c.ocr.checkLanguages();
      } catch (RuntimeException e) {
        c.close();
        throw e;
      }
      return c;
    }
  }
}
