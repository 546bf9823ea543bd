package io.ilios.local.internal;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Notices OCR text in a language whose data is not loaded: Tesseract then reads accented letters
 * with the nearest ones it knows, quietly ("à" as "a", "après" as "aprés", "não" as "nao"). Common
 * short words tell the language.
 */
public final class MissingLanguage {
  /** Common words of each language Tesseract has data for (its codes). */
  private static final Map<String, Set<String>> COMMON_WORDS =
      Map.of(
          "fra",
          Set.of("les", "des", "est", "une", "dans", "pour", "avec", "sur", "nous", "sont", "qui"),
          "por",
          Set.of("não", "nao", "uma", "com", "para", "os", "das", "dos", "em", "que", "se"),
          "deu",
          Set.of("und", "der", "die", "nicht", "ist", "mit", "ein", "den", "auf", "sich", "dem"),
          "spa",
          Set.of("los", "las", "una", "con", "para", "por", "del", "que", "es", "y", "en"));

  /** A share of common words above this says the text is in that language. */
  static final double COMMON_SHARE = 0.06;

  private MissingLanguage() {}

  /**
   * The language the text seems to be written in, when its data is not among {@code languages}
   * ("eng+fra"); empty otherwise.
   */
  public static Optional<String> of(String text, String languages) {
    String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+");
    if (words.length < 40) {
      return Optional.empty();
    }
    String best = null;
    int bestHits = 0;
    for (Map.Entry<String, Set<String>> e : COMMON_WORDS.entrySet()) {
      int hits = 0;
      for (String w : words) {
        hits += e.getValue().contains(w) ? 1 : 0;
      }
      if (hits > bestHits) {
        best = e.getKey();
        bestHits = hits;
      }
    }
    if (best == null || bestHits < COMMON_SHARE * words.length) {
      return Optional.empty();
    }
    for (String loaded : languages.split("\\+")) {
      if (loaded.strip().equals(best)) {
        return Optional.empty();
      }
    }
    return Optional.of(best);
  }
}
