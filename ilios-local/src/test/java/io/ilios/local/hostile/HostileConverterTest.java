package io.ilios.local.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.InvalidDocumentException;
import io.ilios.local.LocalConverter;
import io.ilios.local.hostile.HostileDocuments.Case;
import io.ilios.local.hostile.HostileDocuments.Expect;
import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The local converter on its own, fed every hostile case that gets past the upload checks: a typed
 * error or a result, never another exception, a hang or an exhausted heap (the module's tests run
 * in a 256 MiB heap).
 */
class HostileConverterTest {
  @TempDir static Path dir;
  static LocalConverter local;

  @BeforeAll
  static void start() {
    local = LocalConverter.builder().dataDirectory(dir.resolve("data")).build();
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  static OcrInput input(String name, byte[] bytes) {
    String mime =
        name.endsWith(".pdf")
            ? "application/pdf"
            : name.endsWith(".png")
                ? "image/png"
                : name.endsWith(".jpg")
                    ? "image/jpeg"
                    : name.endsWith(".tif") ? "image/tiff" : "image/webp";
    return new OcrInput(
        name, mime, bytes.length, () -> new ByteArrayInputStream(bytes), dir.resolve("tmp"));
  }

  static Stream<Case> converterCases() throws Exception {
    return HostileDocuments.all().stream().filter(c -> c.expect() != Expect.REFUSED);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("converterCases")
  void eachHostileDocumentGivesATypedErrorOrAResult(Case c) throws Exception {
    OcrResult result;
    try {
      result = local.convert(input(c.name(), c.bytes()));
    } catch (InvalidDocumentException e) {
      System.out.println("hostile " + c.name() + ": failed: " + e.getMessage());
      assertThat(c.expect())
          .as("%s failed: %s", c.name(), e.getMessage())
          .isIn(Expect.FAILED, Expect.SURVIVED);
      assertThat(e.getMessage()).startsWith(c.name()).contains(c.errorContains());
      return;
    }
    assertThat(c.expect()).as("%s converted", c.name()).isIn(Expect.CONVERTED, Expect.SURVIVED);
    assertThat(result.pages()).isNotEmpty();
    System.out.println("hostile " + c.name() + ": converted, " + result.pages().size() + " pages");
  }

  @Test
  void aPageCountThatLiesLowLosesNoPage() throws Exception {
    OcrResult r = local.convert(input("low.pdf", HostileDocuments.pageCountLie(1, 3)));
    assertThat(r.pages()).hasSize(3);
    assertThat(r.pages().get(2)).contains("real page 3");
  }

  @Test
  void everyFrameOfAMultiPageTiffBecomesAPage() throws Exception {
    byte[] tiff = HostileDocuments.multiFrameTiff("First frame", "Second frame", "Third frame");
    OcrResult r = local.convert(input("frames.tif", tiff));
    assertThat(r.pages()).hasSize(3);
    assertThat(r.pages().get(0)).containsIgnoringCase("first");
    assertThat(r.pages().get(2)).containsIgnoringCase("third");
  }

  @Test
  void aTiffWithMoreFramesThanTheLimitIsRefusedBeforeAnyIsDecoded() throws Exception {
    try (LocalConverter two =
        LocalConverter.builder()
            .dataDirectory(dir.resolve("data"))
            .maxPages(2)
            .ocrThreads(1)
            .build()) {
      byte[] tiff = HostileDocuments.multiFrameTiff("one", "two", "three");
      assertThatThrownBy(() -> two.convert(input("many.tif", tiff)))
          .isInstanceOf(InvalidDocumentException.class)
          .hasMessage(
              "many.tif has more than 2 frames, the limit (LocalConverter.builder().maxPages(...))");
      byte[] pdf = HostileDocuments.textPdf("three pages", 3);
      assertThatThrownBy(() -> two.convert(input("many.pdf", pdf)))
          .isInstanceOf(InvalidDocumentException.class)
          .hasMessageStartingWith("many.pdf has more than 2 pages");
    }
  }
}
