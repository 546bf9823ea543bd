package io.ilios.testing;

import io.ilios.OcrException;
import io.ilios.internal.convert.MimeTypes;
import io.ilios.spi.OcrBackend;
import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import io.ilios.spi.TempFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A hand-written OCR backend for tests. By default it reads the whole document and returns one page
 * naming the file, its type, its size and its SHA-256, so tests can check the right bytes arrived.
 * {@link #behaviour} swaps in failures, delays or blocking.
 */
public final class FakeOcrBackend implements OcrBackend {
  public static final String MODEL = "fake-ocr-1";

  /** What the backend does for one call. */
  @FunctionalInterface
  public interface Behaviour {
    OcrResult convert(OcrInput input, int call) throws InterruptedException;
  }

  private final AtomicInteger calls = new AtomicInteger();
  private volatile Behaviour behaviour = (input, call) -> describe(input);

  public FakeOcrBackend behaviour(Behaviour b) {
    this.behaviour = b;
    return this;
  }

  /** Fails the first {@code n} calls with a retryable error, then describes the input. */
  public FakeOcrBackend failFirst(int n, boolean retryable) {
    return behaviour(
        (input, call) -> {
          if (call <= n) {
            throw new OcrException("fake", "induced failure " + call, retryable, 503, null);
          }
          return describe(input);
        });
  }

  public int calls() {
    return calls.get();
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public Set<String> supportedMimeTypes() {
    return Set.of(MimeTypes.PDF, MimeTypes.PNG, MimeTypes.JPEG);
  }

  @Override
  public OcrResult convert(OcrInput input) throws InterruptedException {
    return behaviour.convert(input, calls.incrementAndGet());
  }

  /** One page: "# name", then type, size and digest of the bytes read. */
  public static OcrResult describe(OcrInput input) {
    try (InputStream in = input.openStream()) {
      return describe(input, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Like {@link #describe(OcrInput)}, but reads a temporary copy, as file-based backends do. */
  public static OcrResult describeViaTempFile(OcrInput input) {
    try (TempFile copy = input.copyToTempFile();
        InputStream in = Files.newInputStream(copy.path())) {
      return describe(input, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static OcrResult describe(OcrInput input, InputStream in) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[64 * 1024];
      long size = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
        size += n;
      }
      String page =
          "# "
              + input.fileName()
              + "\n\n"
              + input.mimeType()
              + ", "
              + size
              + " bytes, sha256 "
              + HexFormat.of().formatHex(sha.digest());
      return new OcrResult(List.of(page), MODEL, 0, 0);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
