package io.ilios.local;

import io.ilios.local.samples.SampleDocuments;
import io.ilios.spi.OcrInput;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeTest {
  @TempDir Path dir;

  @Test
  void probe() throws Exception {
    SampleDocuments.main(new String[] {dir.toString()});
    try (LocalConverter c = LocalConverter.builder().dataDirectory(dir.resolve("data")).build()) {
      for (String name :
          new String[] {"report.pdf", "two-columns.pdf", "scanned.pdf", "note.png"}) {
        Path f = dir.resolve(name);
        String mime = name.endsWith("png") ? "image/png" : "application/pdf";
        long t = System.nanoTime();
        var r =
            c.convert(new OcrInput(name, mime, Files.size(f), () -> Files.newInputStream(f), dir));
        System.out.println("===== " + name + " " + (System.nanoTime() - t) / 1_000_000 + " ms");
        for (String page : r.pages()) {
          System.out.println(page);
          System.out.println("----- page end");
        }
      }
    }
  }
}
