package io.ilios.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ilios.local.internal.MissingLanguage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Languages beyond the bundled English: data files from a folder (here Debian's tesseract-ocr-fra
 * and -por packages, which {@code .ci/run} installs), and the warning when a document's language is
 * not loaded.
 */
class LanguagesTest {
  static final Path DEBIAN = Path.of("/usr/share/tesseract-ocr/5/tessdata");
  static final Path SCAN = Path.of("..", "quality", "corpus", "test-scans", "accents.png");

  @TempDir Path dir;

  @Test
  void frenchAndPortugueseDataFromAFolderKeepTheAccents() throws Exception {
    assumeTrue(
        Files.exists(DEBIAN.resolve("fra.traineddata"))
            && Files.exists(DEBIAN.resolve("por.traineddata")),
        "apt-get install tesseract-ocr-fra tesseract-ocr-por (.ci/run does)");
    // The folder holds English too: tessdata(...) replaces the bundled data, it does not add.
    Path tessdata = Files.createDirectories(dir.resolve("tessdata"));
    for (String lang : new String[] {"eng", "fra", "por"}) {
      Files.copy(DEBIAN.resolve(lang + ".traineddata"), tessdata.resolve(lang + ".traineddata"));
    }
    try (LocalConverter local =
        LocalConverter.builder()
            .dataDirectory(dir.resolve("data"))
            .tessdata(tessdata)
            .languages("eng+fra+por")
            .build()) {
      String md = convert(local);
      assertThat(md)
          .contains("Nous sommes arrivés à Arles")
          .contains("après une longue traversée")
          .contains("Do alto do castelo de São Jorge")
          .contains("com canela e açúcar");
      assertThat(MissingLanguage.of(md, "eng+fra+por")).isEmpty();
    }
  }

  @Test
  void withEnglishOnlyTheMissingLanguageIsNamed() throws Exception {
    try (LocalConverter local =
        LocalConverter.builder().dataDirectory(dir.resolve("data")).build()) {
      String md = convert(local);
      assertThat(md).doesNotContain("après une longue"); // English data misreads the accent
      assertThat(MissingLanguage.of(md, "eng")).contains("fra");
    }
  }

  @Test
  void aPageInAnotherScriptIsReadWithThatScriptsDataFromTheSystemFolder() throws Exception {
    assumeTrue(
        Files.exists(DEBIAN.resolve("ara.traineddata")),
        "apt-get install tesseract-ocr-ara (.ci/run does)");
    // Ghostscript re-distilled this Arabic page with a wrong Unicode map: its text layer is
    // garbled, so it goes to OCR, whose bundled data is English only. The detector sees Arabic
    // script, and Debian's Arabic data reads it.
    Path pdf = Path.of("..", "quality", "corpus", "pdf", "rtl.ghostscript.pdf");
    try (LocalConverter local =
        LocalConverter.builder().dataDirectory(dir.resolve("data")).build()) {
      String md = String.join("\n\n", local.convert(Inputs.of(pdf, dir.resolve("tmp"))).pages());
      assertThat(md)
          .contains("تفتح المكتبة أبوابها")
          .contains("تجديد الاستعارة ممكن مرة واحدة")
          .doesNotContain("ÿ");
    }
  }

  @Test
  void englishTextNamesNoMissingLanguage() {
    String english =
        "The harbour district has changed more in the last ten years than in the fifty before"
            + " them. Warehouses that once stored grain and timber now hold studios, small"
            + " workshops and a public library, while the old ferry terminal waits for a new"
            + " purpose. This plan describes how the city intends to guide the next decade.";
    assertThat(MissingLanguage.of(english, "eng")).isEmpty();
  }

  private String convert(LocalConverter local) throws Exception {
    return String.join("\n\n", local.convert(Inputs.of(SCAN, dir.resolve("tmp"))).pages());
  }
}
