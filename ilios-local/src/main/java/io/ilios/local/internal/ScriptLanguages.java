package io.ilios.local.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which Tesseract language reads a script that the orientation detector names, and where its data
 * may be found: the configured folder first, then the folders where system packages put Tesseract's
 * data (Debian's {@code tesseract-ocr-ara}, Homebrew, {@code TESSDATA_PREFIX}).
 */
final class ScriptLanguages {
  private static final Map<String, String> BY_SCRIPT =
      Map.ofEntries(
          Map.entry("Arabic", "ara"),
          Map.entry("Hebrew", "heb"),
          Map.entry("Cyrillic", "rus"),
          Map.entry("Greek", "ell"),
          Map.entry("Devanagari", "hin"),
          Map.entry("Thai", "tha"),
          Map.entry("Han", "chi_sim"),
          Map.entry("Hangul", "kor"),
          Map.entry("Japanese", "jpn"),
          Map.entry("Bengali", "ben"),
          Map.entry("Tamil", "tam"),
          Map.entry("Armenian", "hye"),
          Map.entry("Georgian", "kat"));

  private ScriptLanguages() {}

  /** The language for a script name, or null (Latin: the configured languages cover it). */
  static String of(String script) {
    return BY_SCRIPT.get(script);
  }

  /** The first folder holding {@code <language>.traineddata}, or null. */
  static Path folderWith(String language, Path configured) {
    List<Path> folders = new ArrayList<>();
    folders.add(configured);
    String prefix = System.getenv("TESSDATA_PREFIX");
    if (prefix != null && !prefix.isBlank()) {
      folders.add(Path.of(prefix));
    }
    for (String system :
        new String[] {
          "/usr/share/tesseract-ocr/5/tessdata",
          "/usr/share/tesseract-ocr/4.00/tessdata",
          "/usr/share/tessdata",
          "/usr/local/share/tessdata",
          "/opt/homebrew/share/tessdata"
        }) {
      folders.add(Path.of(system));
    }
    for (Path folder : folders) {
      if (Files.isRegularFile(folder.resolve(language + ".traineddata"))) {
        return folder;
      }
    }
    return null;
  }
}
