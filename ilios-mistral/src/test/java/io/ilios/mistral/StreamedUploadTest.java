package io.ilios.mistral;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 200 MB upload goes out of a JVM with a 64 MiB heap: the body is streamed from disk. */
class StreamedUploadTest {
  static final long SIZE = 200L << 20;

  @TempDir Path dir;

  @Test
  void aLargeUploadIsStreamedNotHeldInTheHeap() throws Exception {
    Path big = dir.resolve("big.png");
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      f.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
      f.setLength(SIZE);
    }
    try (FakeMistral mistral = new FakeMistral()) {
      mistral.server.setBodyLimit(1 << 20); // the server keeps only the start; it counts the rest
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> cmd =
          new ArrayList<>(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path")));
      cmd.addAll(
          List.of(
              UploadChild.class.getName(),
              mistral.baseUrl(),
              big.toString(),
              dir.resolve("tmp").toString()));
      Path out = dir.resolve("child.out");
      Process child =
          new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      assertThat(child.waitFor(3, TimeUnit.MINUTES)).isTrue();
      String output = Files.readString(out);
      assertThat(child.exitValue()).as(output).isZero();
      assertThat(output).contains("pages [image page]").contains("max heap 64 MiB");
      FakeMistral.Seen upload = mistral.requests("POST", "/v1/files").get(0);
      assertThat(upload.size()).isGreaterThan(SIZE);
      assertThat(mistral.deleted).containsExactly("file-1");
    }
  }
}
