package io.ilios.local.internal;

import static org.bytedeco.tesseract.global.tesseract.RIL_SYMBOL;
import static org.bytedeco.tesseract.global.tesseract.RIL_TEXTLINE;
import static org.bytedeco.tesseract.global.tesseract.RIL_WORD;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.leptonica.PIX;
import org.bytedeco.tesseract.ResultIterator;
import org.bytedeco.tesseract.TessBaseAPI;
import org.bytedeco.tesseract.global.tesseract;

/**
 * Reads Tesseract's result iterator into glyphs: each word with its box and its line's baseline and
 * height, in points. Tesseract's LSTM engine reports no font attributes, so two are measured here:
 * weight (the mean horizontal run of ink in the word, against its line's font size: bold strokes
 * are thicker) and fixed pitch (the letters of a code line stand on an even grid).
 */
final class OcrWords {
  /** Words whose strokes are this much thicker than the page's usual word are bold. */
  static final float BOLD_RATIO = 1.3f;

  /** A line whose letter spacing varies less than this (relative) is set in a fixed pitch. */
  static final float MONO_SPREAD = 0.12f;

  /** How much sharper sheared columns must be for a word to count as italic. */
  static final float ITALIC_GAIN = 1.08f;

  /** Line sizes within this ratio of the smallest of their group are one size. */
  static final float SAME_SIZE = 1.08f;

  /** A word that rises to capital height: letters and digits with a capital, digit or ascender. */
  private static final java.util.regex.Pattern TALL =
      java.util.regex.Pattern.compile("(?=.*[A-Z0-9bdfhklt])[\\p{L}\\p{N}]+[.,;:]?");

  private static final java.util.regex.Pattern BIDI_MARKS =
      java.util.regex.Pattern.compile("[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]");

  /** What Tesseract reads dust and noise as, when it stands alone as a word outside code. */
  static final String SPECKS = ".,:;'`‘’_~^\"";

  /** What Tesseract reads bullets as, when they stand alone before a line's text. */
  static final String BULLET_MISREADS = "©¢«»®°·•●◦▪■□‣∙";

  /** Height of capitals and ascenders over the font size, in common text faces. */
  static final float ASCENT = 0.72f;

  private final TessBaseAPI api;
  private final float points; // points per pixel
  private final Bitmap ink;
  private final List<Word> words = new ArrayList<>();
  private final List<Line> lines = new ArrayList<>();
  private float monoPitch;

  /** One word as read, in pixels. */
  private record Word(
      String text,
      int left,
      int top,
      int right,
      int bottom,
      float baseline,
      float weight,
      boolean italic,
      Line line) {}

  /** What the words of one line share. */
  private static final class Line {
    final List<Float> pitches = new ArrayList<>(); // distances between letter centres in words
    float xHeight;
    final List<Float> ascents = new ArrayList<>(); // of words with capitals or ascenders
    float size; // in pixels
    boolean mono;

    float pitch() {
      return median(pitches);
    }
  }

  private OcrWords(TessBaseAPI api, int dpi, Bitmap ink) {
    this.api = api;
    this.points = 72f / dpi;
    this.ink = ink;
  }

  /** The page Tesseract just recognised, as glyphs in points. */
  static OcrPage read(TessBaseAPI api, int dpi, int widthPx, int heightPx, List<Rule> rulesPx) {
    PIX binary = api.GetThresholdedImage(); // Tesseract's own binarisation, for weights
    try {
      OcrWords reader = new OcrWords(api, dpi, binary == null ? null : Bitmap.of(binary));
      reader.collect();
      float pt = 72f / dpi;
      List<Rule> rules = new ArrayList<>(rulesPx.size());
      for (Rule r : rulesPx) {
        rules.add(new Rule(r.horizontal(), r.at() * pt, r.from() * pt, r.to() * pt));
      }
      return new OcrPage(reader.glyphs(), rules, widthPx * pt, heightPx * pt, api.MeanTextConf());
    } finally {
      if (binary != null) {
        org.bytedeco.leptonica.global.leptonica.pixDestroy(binary);
      }
    }
  }

  private void collect() {
    ResultIterator it = api.GetIterator();
    if (it == null) {
      return;
    }
    try {
      it.Begin();
      int[] l = new int[1];
      int[] t = new int[1];
      int[] r = new int[1];
      int[] b = new int[1];
      int[] x1 = new int[1];
      int[] y1 = new int[1];
      int[] x2 = new int[1];
      int[] y2 = new int[1];
      float[] rowHeight = new float[1];
      float[] descenders = new float[1];
      float[] ascenders = new float[1];
      Line line = new Line();
      float xHeight = 1;
      boolean hasBaseline = false;
      float lastCentre = Float.NaN;
      do {
        if (it.Empty(RIL_SYMBOL)) {
          continue;
        }
        if (it.IsAtBeginningOf(RIL_TEXTLINE)) {
          line = new Line();
          lines.add(line);
          it.RowAttributes(rowHeight, descenders, ascenders);
          xHeight = Math.max(1f, rowHeight[0] - ascenders[0] + descenders[0]);
          line.xHeight = xHeight;
          hasBaseline = it.Baseline(RIL_TEXTLINE, x1, y1, x2, y2);
          lastCentre = Float.NaN;
        }
        if (it.IsAtBeginningOf(RIL_WORD)) {
          String text = text(it, RIL_WORD);
          if (!text.isBlank() && it.BoundingBox(RIL_WORD, l, t, r, b)) {
            float baseline = b[0];
            if (hasBaseline && x2[0] != x1[0]) {
              float mid = (l[0] + r[0]) / 2f;
              baseline = y1[0] + (y2[0] - y1[0]) * (mid - x1[0]) / (x2[0] - x1[0]);
            }
            float weight = ink == null ? 0 : ink.strokeWidth(l[0], t[0], r[0], b[0]);
            boolean italic = ink != null && ink.slanted(l[0], t[0], r[0], b[0]);
            if (TALL.matcher(text.strip()).matches()) {
              line.ascents.add(baseline - t[0]);
            }
            // Tesseract marks right-to-left words with directional marks: the layout orders them.
            String plain = BIDI_MARKS.matcher(text).replaceAll("").strip();
            if (!plain.isEmpty()) {
              words.add(new Word(plain, l[0], t[0], r[0], b[0], baseline, weight, italic, line));
            }
          }
          lastCentre = Float.NaN;
        }
        if (it.BoundingBox(RIL_SYMBOL, l, t, r, b)) {
          float centre = (l[0] + r[0]) / 2f;
          if (!Float.isNaN(lastCentre)) {
            line.pitches.add(centre - lastCentre);
          }
          lastCentre = centre;
        }
      } while (it.Next(RIL_SYMBOL));
    } finally {
      it.close();
    }
  }

  private static String text(ResultIterator it, int level) {
    BytePointer p = it.GetUTF8Text(level);
    if (p == null) {
      return "";
    }
    try {
      return p.getString(StandardCharsets.UTF_8);
    } finally {
      tesseract.TessDeleteText(p);
    }
  }

  private List<Glyph> glyphs() {
    measureSizes();
    markMono();
    words.removeIf(w -> !w.line().mono && SPECKS.indexOf(w.text()) >= 0 && w.text().length() == 1);
    float usual = usualWeight();
    int n = words.size();
    boolean[] bold = new boolean[n];
    boolean[] italic = new boolean[n];
    for (int i = 0; i < n; i++) {
      Word w = words.get(i);
      bold[i] = usual > 0 && w.weight() / w.line().size > BOLD_RATIO * usual && letters(w) >= 2;
      italic[i] = w.italic() && !bold[i] && letters(w) >= 2;
    }
    // Short words ("a", "of") measure poorly; between two emphasised words of a line they are too.
    for (int i = 1; i + 1 < n; i++) {
      Word w = words.get(i);
      boolean inLine = words.get(i - 1).line() == w.line() && words.get(i + 1).line() == w.line();
      if (inLine && letters(w) <= 3) {
        bold[i] |= bold[i - 1] && bold[i + 1];
        italic[i] |= italic[i - 1] && italic[i + 1];
      }
    }
    List<Glyph> out = new ArrayList<>(words.size());
    Line previous = null;
    for (int k = 0; k < n; k++) {
      Word w = words.get(k);
      Line line = w.line();
      float size = line.size * points;
      float y = w.baseline() * points;
      String text = line != previous ? marker(w, k + 1 < n ? words.get(k + 1) : null) : w.text();
      previous = line;
      if (line.mono) {
        // On a fixed grid each letter gets one cell, so gaps count spaces as in the original.
        float pitch = line.pitch() > 0 ? line.pitch() : monoPitch;
        int letterCount = text.codePointCount(0, text.length());
        float cell = Math.max(pitch, (w.right() - w.left()) / (float) Math.max(1, letterCount));
        int i = 0;
        for (int at = 0; at < text.length(); ) {
          int cp = text.codePointAt(at);
          out.add(
              Glyph.of(
                  new String(Character.toChars(cp)),
                  (w.left() + i * cell) * points,
                  y,
                  cell * points,
                  size,
                  false,
                  true));
          at += Character.charCount(cp);
          i++;
        }
      } else {
        float x = w.left() * points;
        float width = (w.right() - w.left()) * points;
        out.add(new Glyph(text, x, y, width, size, bold[k], italic[k], false, null));
      }
    }
    return out;
  }

  /**
   * The first word of a line, with a list bullet read as a letter or symbol ("e", "©", "«")
   * restored: one small mark standing clear of the baseline, or one that is no letter or digit,
   * before more words. Numbers read with a comma ("4,") get their full stop back.
   */
  private static String marker(Word w, Word next) {
    String t = w.text();
    if (next == null || next.line() != w.line()) {
      return t;
    }
    if (t.codePointCount(0, t.length()) == 1 && !w.line().mono) {
      float xHeight = w.line().xHeight;
      int height = w.bottom() - w.top();
      int width = w.right() - w.left();
      // A bullet is a dot about half the x-height across, with a clear gap before the text;
      // specks of noise are smaller or stand close.
      boolean dot =
          height < 0.8f * xHeight
              && height > 0.25f * xHeight
              && width < 2 * height
              && height < 2 * width;
      boolean clear = next.left() - w.right() > 0.4f * xHeight;
      boolean misread = BULLET_MISREADS.indexOf(t.codePointAt(0)) >= 0;
      return clear && (dot || misread) ? "•" : t;
    }
    if (t.matches("\\d{1,3},")) {
      return t.substring(0, t.length() - 1) + ".";
    }
    return t;
  }

  /**
   * Each line's font size: capitals and ascenders rise about {@link #ASCENT} of it above the
   * baseline (the x-height where a line has none). Sizes within a few percent of each other are
   * then made one, so that the noise of measuring pixels does not split body text into sizes.
   */
  private void measureSizes() {
    List<Line> bySize = new ArrayList<>(lines);
    for (Line line : lines) {
      float ascent = line.ascents.isEmpty() ? 1.45f * line.xHeight : median(line.ascents);
      line.size = ascent / ASCENT;
    }
    bySize.sort((a, b) -> Float.compare(a.size, b.size));
    int from = 0;
    for (int i = 1; i <= bySize.size(); i++) {
      if (i == bySize.size() || bySize.get(i).size > SAME_SIZE * bySize.get(from).size) {
        List<Line> group = bySize.subList(from, i);
        float size = group.get(group.size() / 2).size;
        group.forEach(l -> l.size = size);
        from = i;
      }
    }
  }

  /** Lines whose letters stand on an even grid are code. */
  private void markMono() {
    List<Float> pitches = new ArrayList<>();
    for (Line line : lines) {
      if (line.pitches.size() >= 6 && offGrid(line, line.pitch()) <= 0.1f) {
        line.mono = true;
        pitches.add(line.pitch());
      }
    }
    if (pitches.isEmpty()) {
      return;
    }
    monoPitch = median(pitches);
    // Short code lines ("}", "x = 1") have too few letters to tell alone: the page's code pitch
    // and their neighbours decide.
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      if (line.mono) {
        continue;
      }
      boolean samePitch =
          line.pitches.size() >= 2
              && Math.abs(line.pitch() - monoPitch) < 0.08f * monoPitch
              && offGrid(line, monoPitch) <= 0.2f;
      boolean between =
          i > 0
              && i + 1 < lines.size()
              && lines.get(i - 1).mono
              && lines.get(i + 1).mono
              && line.pitches.size() < 6;
      line.mono = samePitch || between;
    }
  }

  /** The share of a line's letter distances that are not one cell of {@code pitch}. */
  private static float offGrid(Line line, float pitch) {
    int off = 0;
    for (float p : line.pitches) {
      if (Math.abs(p / pitch - 1) > MONO_SPREAD) {
        off++;
      }
    }
    return line.pitches.isEmpty() ? 1 : off / (float) line.pitches.size();
  }

  /** The median weight of the page's words of three letters or more. */
  private float usualWeight() {
    List<Float> weights = new ArrayList<>();
    for (Word w : words) {
      if (letters(w) >= 3 && w.weight() > 0) {
        weights.add(w.weight() / w.line().size);
      }
    }
    return weights.isEmpty() ? 0 : median(weights);
  }

  private static int letters(Word w) {
    return (int) w.text().codePoints().filter(Character::isLetter).count();
  }

  private static float median(List<Float> values) {
    if (values.isEmpty()) {
      return 0;
    }
    List<Float> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
