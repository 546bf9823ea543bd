package io.ilios.internal.export;

import java.text.Normalizer;
import java.util.Locale;

/**
 * File names for archive entries made from user-given names: only ASCII letters, digits, {@code -},
 * {@code _} and {@code .}, no directories, no leading dot, at most {@value #MAX_STEM} characters
 * before the extension.
 */
public final class SafeNames {
  static final int MAX_STEM = 80;

  private SafeNames() {}

  /**
   * {@code NNN-stem.md}: the document's 1-based position, zero-padded to the width of the batch
   * size, so names are unique within a batch and sort in submission order.
   */
  public static String markdownEntry(int position, int total, String fileName) {
    int width = Integer.toString(total).length();
    return String.format(Locale.ROOT, "%0" + width + "d-%s.md", position, stem(fileName));
  }

  /** The file name without directories or extension, reduced to safe characters. */
  public static String stem(String fileName) {
    String name = fileName;
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1);
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    // Accented letters keep their base letter (é → e); everything else unsafe becomes '_'.
    name = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    name = name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
    if (name.length() > MAX_STEM) {
      name = name.substring(0, MAX_STEM);
    }
    return name.isEmpty() ? "document" : name;
  }
}
