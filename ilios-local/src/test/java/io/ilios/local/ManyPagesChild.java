package io.ilios.local;

import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Converts one PDF in a JVM started with a small heap and prints the page count and characters.
 * Arguments: the PDF, a data folder.
 */
public final class ManyPagesChild {
  private ManyPagesChild() {}

  public static void main(String[] args) throws Exception {
    Path pdf = Path.of(args[0]);
    Path data = Path.of(args[1]);
    try (LocalConverter local = LocalConverter.builder().dataDirectory(data).build()) {
      OcrResult r =
          local.convert(
              new OcrInput(
                  "many.pdf",
                  "application/pdf",
                  Files.size(pdf),
                  () -> Files.newInputStream(pdf),
                  data.resolve("tmp")));
      long chars = r.pages().stream().mapToLong(String::length).sum();
      System.out.println("pages " + r.pages().size() + " chars " + chars);
      System.out.println("first " + r.pages().get(0).lines().findFirst().orElse(""));
      System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB");
    }
  }
}
