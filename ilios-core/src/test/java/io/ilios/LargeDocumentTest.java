package io.ilios;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.testing.ChildProcesses;
import io.ilios.testing.Documents;
import io.ilios.testing.LargeDocumentChild;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB document goes through submit, queue and conversion (which copies it to a temporary file,
 * as backends that need random access do) in a JVM with a 256 MiB heap.
 */
class LargeDocumentTest {
  static final long SIZE = 1L << 30;

  @TempDir Path dir;

  @Test
  void aOneGibDocumentIsStreamedEndToEndWithA256MibHeap() throws Exception {
    Path doc = dir.resolve("huge.pdf");
    try (RandomAccessFile f = new RandomAccessFile(doc.toFile(), "rw")) {
      f.write(Documents.pdf("a large scan"));
      f.setLength(SIZE); // the middle reads as zeros without taking disk space here
      f.seek(SIZE - 6);
      f.write("%%EOF\n".getBytes(StandardCharsets.US_ASCII));
    }
    String expected = sha256(doc);

    Path out = dir.resolve("child.out");
    Process child =
        ChildProcesses.startJava(
            "256m", LargeDocumentChild.class, out, dir.resolve("data").toString(), doc.toString());
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String output = Files.readString(out);
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("status COMPLETED")
        .contains("application/pdf, " + SIZE + " bytes, sha256 " + expected)
        .contains("max heap 256 MiB")
        .contains("temporary files left: 0");
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    byte[] buf = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
