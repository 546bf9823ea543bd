package io.ilios.mistral;

import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends one large image through the upload path in a JVM with a small heap. Arguments: base URL,
 * file, temp folder. Prints the pages and the heap limit.
 */
public final class UploadChild {
  private UploadChild() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    Path temp = Path.of(args[2]);
    try (MistralOcr backend =
        MistralOcr.builder()
            .apiKey("sk-child")
            .baseUrl(args[0])
            .maxInlineBytes(1 << 20)
            .tempDirectory(temp)
            .build()) {
      OcrResult r =
          backend.convert(
              new OcrInput(
                  "big.png",
                  "image/png",
                  Files.size(file),
                  () -> Files.newInputStream(file),
                  temp));
      System.out.println("pages " + r.pages());
      System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    }
  }
}
