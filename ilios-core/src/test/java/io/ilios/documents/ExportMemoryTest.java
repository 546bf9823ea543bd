package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.testing.ChildProcesses;
import io.ilios.testing.ExportMemoryChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports stream: a batch with 120 MB of Markdown is exported as JSONL and as ZIP by a JVM with a
 * 48 MiB heap.
 */
class ExportMemoryTest {
  static final int DOCUMENTS = 400;
  static final int PAGES = 4;
  static final int PAGE_CHARS = 75_000;

  @TempDir Path dir;

  @Test
  void aBatchLargerThanTheHeapIsExportedInBothFormats() throws Exception {
    Path out = dir.resolve("child.out");
    Process child =
        ChildProcesses.startJava(
            "48m",
            ExportMemoryChild.class,
            out,
            dir.resolve("data").toString(),
            Integer.toString(DOCUMENTS),
            Integer.toString(PAGES),
            Integer.toString(PAGE_CHARS));
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String output = Files.readString(out);
    assertThat(child.exitValue()).as(output).isZero();
    long markdown = (long) DOCUMENTS * (PAGES * PAGE_CHARS + (PAGES - 1) * 2);
    assertThat(output).contains("batch COMPLETED").contains("max heap 48 MiB");
    long jsonl = bytesOf(output, "JSONL");
    assertThat(jsonl).isGreaterThan(markdown);
    // Stored rather than compressed would be larger; deflate shrinks repeated text a lot.
    assertThat(bytesOf(output, "ZIP")).isPositive();
  }

  private static long bytesOf(String output, String format) {
    for (String line : output.split("\n")) {
      if (line.startsWith(format + " bytes ")) {
        return Long.parseLong(line.substring((format + " bytes ").length()).trim());
      }
    }
    throw new AssertionError("no " + format + " line in: " + output);
  }
}
