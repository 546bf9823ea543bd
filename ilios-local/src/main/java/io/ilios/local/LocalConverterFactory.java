package io.ilios.local;

import io.ilios.spi.OcrBackend;
import io.ilios.spi.OcrBackendFactory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes the {@link LocalConverter} for tools. Always configured: it needs no key. Reads {@code
 * ILIOS_OCR_DPI} (default 300), {@code ILIOS_OCR_LANGUAGES} (default {@code eng}) and {@code
 * ILIOS_TESSDATA} (a folder of {@code .traineddata} files; default: the bundled English data).
 */
public final class LocalConverterFactory implements OcrBackendFactory {
  /** For {@link java.util.ServiceLoader}; applications use the backend's own builder. */
  public LocalConverterFactory() {}

  @Override
  public String name() {
    return LocalConverter.NAME;
  }

  @Override
  public boolean configured(Map<String, String> env) {
    return true;
  }

  @Override
  public OcrBackend create(Map<String, String> env, Path dataDirectory) {
    LocalConverter.Builder b = LocalConverter.builder().dataDirectory(dataDirectory);
    String dpi = env.get("ILIOS_OCR_DPI");
    if (dpi != null) {
      try {
        b.dpi(Integer.parseInt(dpi.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalStateException("ILIOS_OCR_DPI must be a number, was '" + dpi + "'");
      }
    }
    if (env.get("ILIOS_OCR_LANGUAGES") != null) {
      b.languages(env.get("ILIOS_OCR_LANGUAGES"));
    }
    if (env.get("ILIOS_TESSDATA") != null) {
      b.tessdata(Path.of(env.get("ILIOS_TESSDATA")));
    }
    return b.build();
  }
}
