package io.ilios.local.internal;

import io.ilios.OcrException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.leptonica.global.leptonica;
import org.bytedeco.tesseract.CANCEL_FUNC;
import org.bytedeco.tesseract.ETEXT_DESC;
import org.bytedeco.tesseract.TessBaseAPI;
import org.bytedeco.tesseract.global.tesseract;

/**
 * Tesseract through the JavaCPP bindings (native library from Maven Central). One engine per
 * thread: a {@link TessBaseAPI} is not thread-safe, and running pages on separate engines in
 * parallel beats Tesseract's own threading on few cores.
 */
public final class Tesseract implements AutoCloseable {
  /** Below this mean word confidence a page may be turned: its orientation is looked at. */
  static final int LOW_CONFIDENCE = 60;

  /** Orientation is trusted from this OSD confidence on. */
  static final float TURN_CONFIDENCE = 2f;

  /** A detected script is trusted from this OSD confidence on. */
  static final float SCRIPT_CONFIDENCE = 1f;

  private final TessBaseAPI api;
  private final String backend;
  private Path orientationData; // null: no orientation detection
  private TessBaseAPI orientation; // started on the first page that reads poorly
  private final Path tessdata;
  private final String languages;
  private final Map<String, TessBaseAPI> byScript = new HashMap<>(); // engines for other scripts

  /**
   * Starts an engine for {@code languages} ("eng", "eng+deu") with data from {@code tessdata}.
   *
   * @throws IllegalStateException if the data cannot be loaded
   */
  public Tesseract(String backend, Path tessdata, String languages, Path orientationData) {
    this.backend = backend;
    this.orientationData = orientationData;
    this.tessdata = tessdata;
    this.languages = languages;
    TessBaseAPI started = start(tessdata, languages);
    if (started == null) {
      throw new IllegalStateException(
          "Tesseract cannot load language data '"
              + languages
              + "' from "
              + tessdata
              + " (each language needs its <lang>.traineddata file there)");
    }
    this.api = started;
  }

  /** An engine for {@code languages} with data from {@code folder}; null if it cannot start. */
  private static TessBaseAPI start(Path folder, String languages) {
    TessBaseAPI engine = new TessBaseAPI();
    if (engine.Init(folder.toString(), languages) != 0) {
      engine.close();
      return null;
    }
    engine.SetVariable("debug_file", "/dev/null"); // Tesseract's own warnings go nowhere
    return engine;
  }

  /**
   * Checks that each of {@code languages} ("eng", "eng+deu") has its data file in {@code tessdata}.
   *
   * @throws IllegalStateException naming the first language without one
   */
  public static void checkLanguages(Path tessdata, String languages) {
    for (String language : languages.split("\\+")) {
      Path file = tessdata.resolve(language.strip() + ".traineddata");
      if (language.isBlank() || !Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalStateException(
            "Tesseract cannot load language data '"
                + languages
                + "' from "
                + tessdata
                + " (each language needs its <lang>.traineddata file there; "
                + file.getFileName()
                + " is missing)");
      }
    }
  }

  /**
   * The folder with the bundled English data, copied out of the classpath once into {@code cache}
   * (a folder of Ilios's, such as {@code data/tessdata}).
   */
  public static Path bundledEnglish(Path cache) {
    return bundled(cache, "eng");
  }

  /**
   * The folder with the bundled orientation and script data ({@code osd}), used to turn pages
   * scanned sideways or upside down; copied out of the classpath once into {@code cache}.
   */
  public static Path bundledOrientation(Path cache) {
    return bundled(cache, "osd");
  }

  private static Path bundled(Path cache, String language) {
    Path file = cache.resolve(language + ".traineddata");
    String resource = "tessdata/" + language + ".traineddata";
    try {
      if (!Files.isRegularFile(file)) {
        Files.createDirectories(cache);
        // Through the class loader: the data is in another jar, which may be a module.
        ClassLoader loader = Tesseract.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalStateException(
                resource + " is not on the classpath (the tess4j artifact carries it)");
          }
          Path tmp = Files.createTempFile(cache, language + "-", ".part");
          Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(
              tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      return cache;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + resource + " into " + cache, e);
    }
  }

  /** Recognises a grey image rendered at {@code dpi}. */
  public OcrPage recognize(BufferedImage gray, int dpi, Duration timeout)
      throws InterruptedException {
    if (gray.getType() != BufferedImage.TYPE_BYTE_GRAY) {
      throw new IllegalArgumentException("image must be TYPE_BYTE_GRAY");
    }
    PIX pix = Pixels.of(gray, dpi, backend);
    try {
      return recognize(pix, timeout);
    } finally {
      leptonica.pixDestroy(pix);
    }
  }

  /**
   * Recognises a decoded image (straightened first when it is skewed); the caller keeps and frees
   * {@code pix}.
   */
  public OcrPage recognize(PIX pix, Duration timeout) throws InterruptedException {
    // Files often carry no resolution, or a placeholder such as 1 or 72: then assume a scan's.
    int dpi = pix.xres() >= 100 && pix.xres() <= 2400 ? pix.xres() : 300;
    PIX straight = Pixels.deskew(pix);
    try (Pixels.Cleaned page = Pixels.clean(straight, dpi, backend)) {
      OcrPage read = read(api, page, dpi, timeout);
      if (read.confidence() >= LOW_CONFIDENCE || orientationData == null) {
        return read;
      }
      // A page that reads poorly may be turned, or in another script: ask Tesseract's
      // orientation and script detector.
      Detected detected = detect(straight, dpi);
      OcrPage again = null;
      if (detected.degrees() != 0) {
        PIX upright = leptonica.pixRotateOrth(straight, (4 - detected.degrees() / 90) % 4);
        try (Pixels.Cleaned turned = Pixels.clean(upright, dpi, backend)) {
          again = read(api, turned, dpi, timeout);
        } finally {
          leptonica.pixDestroy(upright);
        }
      } else {
        TessBaseAPI other = scriptEngine(detected.script());
        if (other != null) {
          again = read(other, page, dpi, timeout); // the same cleaned page, another language
        }
      }
      return again != null && again.confidence() > read.confidence() ? again : read;
    } finally {
      if (straight != pix) {
        leptonica.pixDestroy(straight);
      }
    }
  }

  private OcrPage read(TessBaseAPI engine, Pixels.Cleaned page, int dpi, Duration timeout)
      throws InterruptedException {
    try {
      engine.SetImage(page.gray());
      engine.SetSourceResolution(dpi);
      recognize(engine, timeout);
      return OcrWords.read(engine, dpi, page.gray().w(), page.gray().h(), page.rules());
    } finally {
      engine.Clear();
    }
  }

  /** What the orientation and script detector saw: clockwise turn, and the script's name. */
  private record Detected(int degrees, String script) {
    static final Detected NOTHING = new Detected(0, "");
  }

  /**
   * How far the page is turned clockwise (0, 90, 180 or 270 degrees) and its script ("Latin",
   * "Arabic", "Hebrew", …), by Tesseract's orientation and script detection; nothing when unsure or
   * when its data cannot be loaded.
   */
  private Detected detect(PIX pix, int dpi) {
    if (orientation == null) {
      orientation = start(orientationData, "osd");
      if (orientation == null) {
        orientationData = null; // not again for this engine
        return Detected.NOTHING;
      }
      orientation.SetPageSegMode(tesseract.PSM_OSD_ONLY);
    }
    try (IntPointer degrees = new IntPointer(1);
        FloatPointer confidence = new FloatPointer(1);
        PointerPointer<BytePointer> script = new PointerPointer<>(1);
        FloatPointer scriptConfidence = new FloatPointer(1)) {
      orientation.SetImage(pix);
      orientation.SetSourceResolution(dpi);
      if (!orientation.DetectOrientationScript(degrees, confidence, script, scriptConfidence)) {
        return Detected.NOTHING;
      }
      int d = degrees.get();
      int turn = confidence.get() >= TURN_CONFIDENCE && d % 90 == 0 ? d % 360 : 0;
      BytePointer name = script.get(BytePointer.class, 0);
      String scriptName =
          name == null || scriptConfidence.get() < SCRIPT_CONFIDENCE ? "" : name.getString();
      return new Detected(turn, scriptName);
    } finally {
      orientation.Clear();
    }
  }

  /**
   * An engine for a script the loaded languages do not cover, when its language data is in the
   * configured folder or a system Tesseract folder; null otherwise. Started once per script.
   */
  private TessBaseAPI scriptEngine(String script) {
    String language = ScriptLanguages.of(script);
    if (language == null || Arrays.asList(languages.split("\\+")).contains(language)) {
      return null;
    }
    return byScript.computeIfAbsent(
        language,
        lang -> {
          Path folder = ScriptLanguages.folderWith(lang, tessdata);
          if (folder == null) {
            return null;
          }
          boolean english = Files.isRegularFile(folder.resolve("eng.traineddata"));
          return start(folder, english ? lang + "+eng" : lang);
        });
  }

  private void recognize(TessBaseAPI engine, Duration timeout) throws InterruptedException {
    Thread caller = Thread.currentThread();
    try (ETEXT_DESC monitor = new ETEXT_DESC();
        CANCEL_FUNC cancel =
            new CANCEL_FUNC() {
              @Override
              public boolean call(Pointer self, int words) {
                return caller.isInterrupted(); // Tesseract calls back on the caller's thread
              }
            }) {
      monitor.cancel(cancel);
      monitor.set_deadline_msecs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      int rc = engine.Recognize(monitor);
      if (Thread.interrupted()) {
        throw new InterruptedException("OCR interrupted");
      }
      if (monitor.deadline_exceeded()) {
        throw new OcrException(backend, "OCR took longer than " + timeout.toMillis() + " ms", true);
      }
      if (rc != 0) {
        // The same image fails the same way again: not worth another attempt.
        throw new OcrException(backend, "Tesseract failed to recognise a page (" + rc + ")", false);
      }
    }
  }

  @Override
  public void close() {
    api.End();
    api.close();
    if (orientation != null) {
      orientation.End();
      orientation.close();
    }
    for (TessBaseAPI engine : byScript.values()) {
      if (engine != null) {
        engine.End();
        engine.close();
      }
    }
  }
}
