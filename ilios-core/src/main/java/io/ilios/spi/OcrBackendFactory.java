package io.ilios.spi;

import java.nio.file.Path;
import java.util.Map;

/**
 * Makes an {@link OcrBackend} from configuration, so that tools (the {@code ilios} command, a
 * server) can offer every backend on the classpath without depending on it. Implementations are
 * found with {@link java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/io.ilios.spi.OcrBackendFactory}.
 */
public interface OcrBackendFactory {

  /**
   * The backend's name, as chosen with {@code --backend}; the same as {@link OcrBackend#name()}.
   */
  String name();

  /**
   * Whether {@code env} configures this backend (an API key is set, say). When several are, tools
   * prefer one that is not the local default.
   */
  boolean configured(Map<String, String> env);

  /**
   * Creates the backend. {@code dataDirectory} is where it may keep files of its own.
   *
   * @throws IllegalStateException if the configuration is missing or invalid; the message says what
   *     to set
   */
  OcrBackend create(Map<String, String> env, Path dataDirectory);
}
