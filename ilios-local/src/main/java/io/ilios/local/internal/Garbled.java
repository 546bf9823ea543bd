package io.ilios.local.internal;

import java.util.List;

/**
 * Tells a text layer whose glyphs map to the wrong characters (a font without a usable {@code
 * ToUnicode} table) by the statistics of its words, not only by U+FFFD: in every alphabetic script
 * words keep to one script, and Latin-script words nearly always hold a vowel. A layer that fails
 * either is read again by OCR.
 */
final class Garbled {
  /** Fewer words than this say nothing. */
  static final int MIN_WORDS = 8;

  /** Below this share of Latin words with a vowel, the layer is garbled (prose is near 0.95). */
  static final double MIN_VOWEL_SHARE = 0.6;

  /**
   * Below this share of vowels among the letters of Latin words, the layer is garbled: European
   * languages have 35–45 %; letters shifted by a wrong code map have far fewer.
   */
  static final double MIN_VOWEL_LETTERS = 0.25;

  /** Above this share of words mixing scripts, the layer is garbled. */
  static final double MAX_MIXED_SHARE = 0.2;

  private static final String VOWELS = "aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœ";

  private Garbled() {}

  static boolean text(List<TextLine> lines) {
    int latin = 0;
    int withVowel = 0;
    int latinLetters = 0;
    int latinVowels = 0;
    int words = 0;
    int mixed = 0;
    for (TextLine line : lines) {
      if (line.mono()) {
        continue; // code has words such as "cfg" and "ptr"
      }
      for (String word : line.plain().split("\\s+")) {
        Character.UnicodeScript script = null;
        boolean mixes = false;
        int letters = 0;
        int vowels = 0;
        for (int i = 0; i < word.length(); ) {
          int cp = word.codePointAt(i);
          i += Character.charCount(cp);
          if (!Character.isLetter(cp)) {
            continue;
          }
          letters++;
          Character.UnicodeScript s = Character.UnicodeScript.of(cp);
          mixes |= script != null && s != script;
          script = s;
          vowels += VOWELS.indexOf(Character.toLowerCase(cp)) >= 0 ? 1 : 0;
        }
        if (letters < 2) {
          continue;
        }
        words++;
        mixed += mixes ? 1 : 0;
        if (script == Character.UnicodeScript.LATIN && !mixes) {
          latin++;
          withVowel += vowels > 0 ? 1 : 0;
          latinLetters += letters;
          latinVowels += vowels;
        }
      }
    }
    if (words < MIN_WORDS) {
      return false;
    }
    boolean noVowels =
        latin >= MIN_WORDS
            && (withVowel < MIN_VOWEL_SHARE * latin
                || latinVowels < MIN_VOWEL_LETTERS * latinLetters);
    return noVowels || mixed > MAX_MIXED_SHARE * words;
  }
}
