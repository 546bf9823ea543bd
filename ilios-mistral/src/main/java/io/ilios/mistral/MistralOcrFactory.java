package io.ilios.mistral;

import io.ilios.spi.OcrBackend;
import io.ilios.spi.OcrBackendFactory;
import java.nio.file.Path;
import java.util.Map;

/**
 * Makes {@link MistralOcr} for tools when {@code MISTRAL_API_KEY} is set. Reads {@code
 * MISTRAL_BASE_URL} (default {@value MistralOcr#DEFAULT_BASE_URL}), {@code MISTRAL_OCR_MODEL}
 * (default {@value MistralOcr#DEFAULT_MODEL}) and {@code MISTRAL_CONCURRENCY} (default {@value
 * MistralOcr#DEFAULT_CONCURRENCY}).
 */
public final class MistralOcrFactory implements OcrBackendFactory {
  /** For {@link java.util.ServiceLoader}; applications use the backend's own builder. */
  public MistralOcrFactory() {}

  @Override
  public String name() {
    return MistralOcr.NAME;
  }

  @Override
  public boolean configured(Map<String, String> env) {
    String key = env.get("MISTRAL_API_KEY");
    return key != null && !key.isBlank();
  }

  @Override
  public OcrBackend create(Map<String, String> env, Path dataDirectory) {
    if (!configured(env)) {
      throw new IllegalStateException("the mistral backend needs MISTRAL_API_KEY");
    }
    MistralOcr.Builder b =
        MistralOcr.builder()
            .apiKey(env.get("MISTRAL_API_KEY"))
            .tempDirectory(dataDirectory.resolve("tmp"));
    if (env.get("MISTRAL_BASE_URL") != null) {
      b.baseUrl(env.get("MISTRAL_BASE_URL"));
    }
    if (env.get("MISTRAL_OCR_MODEL") != null) {
      b.model(env.get("MISTRAL_OCR_MODEL"));
    }
    String concurrency = env.get("MISTRAL_CONCURRENCY");
    if (concurrency != null) {
      try {
        b.concurrency(Integer.parseInt(concurrency.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalStateException(
            "MISTRAL_CONCURRENCY must be a number, was '" + concurrency + "'");
      }
    }
    return b.build();
  }
}
