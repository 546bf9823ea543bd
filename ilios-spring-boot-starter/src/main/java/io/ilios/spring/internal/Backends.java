package io.ilios.spring.internal;

import static io.ilios.spring.internal.Invalid.checked;
import static io.ilios.spring.internal.Invalid.missing;
import static io.ilios.spring.internal.Invalid.property;

import io.ilios.spi.OcrBackend;
import io.ilios.spi.OcrBackendFactory;
import io.ilios.spring.IliosProperties;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The OCR backend {@code ilios.backend} names, made by the backend module's own {@link
 * OcrBackendFactory} from the same settings the {@code ilios} command reads from the environment:
 * one way to configure each backend, and a backend whose module is missing is a clear failure.
 */
public final class Backends {
  private Backends() {}

  public static OcrBackend local(IliosProperties properties, ClassLoader loader) {
    IliosProperties.Local p = properties.getLocal();
    Map<String, String> env = new HashMap<>();
    put(env, "ILIOS_OCR_DPI", p.getDpi());
    put(env, "ILIOS_OCR_LANGUAGES", p.getLanguages());
    put(env, "ILIOS_TESSDATA", p.getTessdata());
    return create("local", "io.ilios:ilios-local", "ilios.local", env, properties, loader);
  }

  public static OcrBackend mistral(IliosProperties properties, ClassLoader loader) {
    IliosProperties.Mistral p = properties.getMistral();
    if (p.getApiKey() == null || p.getApiKey().isBlank()) {
      throw property("ilios.mistral.api-key", null, "the mistral backend needs an API key");
    }
    Map<String, String> env = new HashMap<>();
    put(env, "MISTRAL_API_KEY", p.getApiKey().strip());
    put(env, "MISTRAL_OCR_MODEL", p.getModel());
    put(env, "MISTRAL_BASE_URL", p.getBaseUrl());
    put(env, "MISTRAL_CONCURRENCY", p.getConcurrency());
    return create("mistral", "io.ilios:ilios-mistral", "ilios.mistral", env, properties, loader);
  }

  private static OcrBackend create(
      String name,
      String module,
      String prefix,
      Map<String, String> env,
      IliosProperties properties,
      ClassLoader loader) {
    Iterator<OcrBackendFactory> factories =
        ServiceLoader.load(OcrBackendFactory.class, loader).iterator();
    while (true) {
      OcrBackendFactory f;
      try {
        if (!factories.hasNext()) {
          break;
        }
        f = factories.next();
      } catch (ServiceConfigurationError e) {
        continue; // listed, but its classes are not there: as good as missing
      }
      if (f.name().equals(name)) {
        // The values are in the message of a refusal only as the backend words it: never a key.
        return checked(prefix, "(see reason)", () -> f.create(env, properties.getDataDirectory()));
      }
    }
    throw missing("ilios.backend", name, module);
  }

  static void put(Map<String, String> env, String name, Object value) {
    if (value != null) {
      env.put(name, value.toString());
    }
  }
}
