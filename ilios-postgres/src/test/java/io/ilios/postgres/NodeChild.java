package io.ilios.postgres;

import io.ilios.Ilios;
import io.ilios.testing.FakeOcrBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * A node in its own JVM, for the test that kills one: runs Ilios on the database until killed, each
 * conversion taking {@code jobMillis}; appends "start NAME" to a file as each begins.
 *
 * <p>Arguments: JDBC URL, shared folder, workers, milliseconds per job, lease in milliseconds,
 * start log.
 */
public final class NodeChild {
  private NodeChild() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path shared = Path.of(args[1]);
    int workers = Integer.parseInt(args[2]);
    long jobMillis = Long.parseLong(args[3]);
    Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
    Path starts = Path.of(args[5]);
    FakeOcrBackend ocr = new FakeOcrBackend();
    ocr.behaviour(
        (input, call) -> {
          try {
            Files.writeString(
                starts,
                "start " + input.fileName() + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          Thread.sleep(jobMillis);
          return FakeOcrBackend.describe(input);
        });
    try (PostgresJobStore store = Nodes.store(url);
        Ilios ilios = Nodes.builder(store, shared, ocr, workers, lease).build()) {
      System.out.println("node up " + ilios);
      Thread.sleep(Long.MAX_VALUE); // until killed
    }
  }
}
