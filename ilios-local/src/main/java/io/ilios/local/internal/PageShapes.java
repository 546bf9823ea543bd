package io.ilios.local.internal;

import java.awt.geom.Point2D;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.util.Matrix;

/**
 * The vector shapes of a page that matter to its text: ruling lines (table borders, drawn as thin
 * filled rectangles or stroked lines) and list bullets drawn as small dots rather than as a
 * character. Fed the path operators of the content stream as the text is extracted, so a page is
 * read once.
 */
final class PageShapes {
  /** Most shapes kept from one page: a vector drawing may have millions of paths. */
  static final int MAX_SHAPES = 20_000;

  /** Most segments one path may have before it is no longer looked at (a drawing, not a rule). */
  static final int MAX_SEGMENTS = 1_000;

  /** A rule is at most this thick and at least this long, in points. */
  static final float RULE_THICKNESS = 2.5f;

  static final float RULE_LENGTH = 6f;

  /** A bullet is a dot between these sizes, in points. */
  static final float BULLET_MIN = 1.5f;

  static final float BULLET_MAX = 8f;

  /** Most dots looked at as bullets on one page. */
  static final int MAX_BULLETS = 1_000;

  private record Segment(float x0, float y0, float x1, float y1, boolean curve, int subpath) {}

  private final List<Rule> rules = new ArrayList<>();
  private final List<float[]> dots = new ArrayList<>(); // left, top, right, bottom
  private final List<Segment> path = new ArrayList<>();
  private PDRectangle box = new PDRectangle();
  private float startX;
  private float startY;
  private float lastX;
  private float lastY;
  private int subpath; // a path may hold many shapes ("re" after "re"): each is looked at alone

  /** Starts a new page whose crop box gives the coordinates. */
  void reset(PDRectangle cropBox) {
    rules.clear();
    dots.clear();
    path.clear();
    box = cropBox;
  }

  List<Rule> rules() {
    return List.copyOf(rules);
  }

  /**
   * Bullets: the dots with text just to their right on the same line, as glyphs of their own, so
   * that the line reads "• item".
   */
  List<Glyph> bullets(List<Glyph> glyphs) {
    if (dots.isEmpty()) {
      return List.of();
    }
    List<Glyph> byBaseline = new ArrayList<>(glyphs);
    byBaseline.sort(java.util.Comparator.comparingDouble(Glyph::baseline));
    List<Glyph> out = new ArrayList<>();
    for (float[] d : dots.subList(0, Math.min(dots.size(), MAX_BULLETS))) {
      Glyph text = textRightOf(d, byBaseline);
      if (text != null) {
        out.add(Glyph.of("•", d[0], text.baseline(), d[2] - d[0], text.size(), false, false));
      }
    }
    return out;
  }

  /** The first glyph on the dot's line, a little to its right, looked for near its baseline. */
  private static Glyph textRightOf(float[] dot, List<Glyph> byBaseline) {
    float height = dot[3] - dot[1];
    int lo = 0;
    int hi = byBaseline.size();
    while (lo < hi) { // the first glyph whose baseline is at or below the dot's top
      int mid = (lo + hi) >>> 1;
      if (byBaseline.get(mid).baseline() < dot[1]) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int i = lo, seen = 0; i < byBaseline.size() && seen < 2_000; i++, seen++) {
      Glyph g = byBaseline.get(i);
      if (g.baseline() > dot[3] + 0.5f * g.size() + BULLET_MAX) {
        break;
      }
      boolean sameLine = g.baseline() >= dot[3] - 0.1f * g.size();
      boolean after = g.x() > dot[2] && g.x() < dot[2] + 3 * g.size();
      if (sameLine && after && !g.isSpace() && height < 0.6f * g.size()) {
        return g;
      }
    }
    return null;
  }

  /** Takes one content-stream operator; path construction and painting are used. */
  void operator(String name, List<COSBase> operands, Matrix ctm) {
    if (rules.size() + dots.size() >= MAX_SHAPES) {
      return;
    }
    switch (name) {
      case "re" -> {
        if (operands.size() >= 4) {
          float x = number(operands, 0);
          float y = number(operands, 1);
          float w = number(operands, 2);
          float h = number(operands, 3);
          moveTo(x, y, ctm);
          lineTo(x + w, y, ctm, false);
          lineTo(x + w, y + h, ctm, false);
          lineTo(x, y + h, ctm, false);
          lineTo(x, y, ctm, false);
        }
      }
      case "m" -> {
        if (operands.size() >= 2) {
          moveTo(number(operands, 0), number(operands, 1), ctm);
        }
      }
      case "l" -> {
        if (operands.size() >= 2) {
          lineTo(number(operands, 0), number(operands, 1), ctm, false);
        }
      }
      case "c", "v", "y" -> {
        if (operands.size() >= 4) {
          int n = operands.size();
          lineTo(number(operands, n - 2), number(operands, n - 1), ctm, true);
        }
      }
      case "h" -> addSegment(lastX, lastY, startX, startY, false);
      case "f", "F", "f*" -> paint(true);
      case "S", "s" -> paint(false);
      case "B", "B*", "b", "b*" -> paint(true);
      case "n" -> path.clear();
      default -> {}
    }
  }

  private static float number(List<COSBase> operands, int i) {
    return operands.get(i) instanceof COSNumber n ? n.floatValue() : 0f;
  }

  private void moveTo(float x, float y, Matrix ctm) {
    subpath++;
    Point2D.Float p = ctm.transformPoint(x, y);
    startX = lastX = p.x - box.getLowerLeftX();
    startY = lastY = box.getUpperRightY() - p.y;
  }

  private void lineTo(float x, float y, Matrix ctm, boolean curve) {
    Point2D.Float p = ctm.transformPoint(x, y);
    float nx = p.x - box.getLowerLeftX();
    float ny = box.getUpperRightY() - p.y;
    addSegment(lastX, lastY, nx, ny, curve);
    lastX = nx;
    lastY = ny;
  }

  private void addSegment(float x0, float y0, float x1, float y1, boolean curve) {
    if (path.size() < MAX_SEGMENTS) {
      path.add(new Segment(x0, y0, x1, y1, curve, subpath));
    }
  }

  private void paint(boolean fill) {
    if (path.isEmpty() || path.size() >= MAX_SEGMENTS) {
      path.clear();
      return;
    }
    int from = 0;
    for (int i = 1; i <= path.size(); i++) {
      if (i == path.size() || path.get(i).subpath() != path.get(from).subpath()) {
        paint(path.subList(from, i), fill);
        from = i;
      }
    }
    path.clear();
  }

  private void paint(List<Segment> shape, boolean fill) {
    float left = Float.MAX_VALUE;
    float top = Float.MAX_VALUE;
    float right = -Float.MAX_VALUE;
    float bottom = -Float.MAX_VALUE;
    boolean curved = false;
    for (Segment s : shape) {
      left = Math.min(left, Math.min(s.x0(), s.x1()));
      right = Math.max(right, Math.max(s.x0(), s.x1()));
      top = Math.min(top, Math.min(s.y0(), s.y1()));
      bottom = Math.max(bottom, Math.max(s.y0(), s.y1()));
      curved |= s.curve();
    }
    float w = right - left;
    float h = bottom - top;
    boolean dotSized = w >= BULLET_MIN && w <= BULLET_MAX && h >= BULLET_MIN && h <= BULLET_MAX;
    if (dotSized && w < 1.6f * h && h < 1.6f * w && (fill || curved)) {
      dots.add(new float[] {left, top, right, bottom});
    } else if (fill) {
      addRule(left, top, right, bottom); // a thin filled rectangle
    } else {
      for (Segment s : shape) {
        if (!s.curve()) {
          addRule(
              Math.min(s.x0(), s.x1()),
              Math.min(s.y0(), s.y1()),
              Math.max(s.x0(), s.x1()),
              Math.max(s.y0(), s.y1()));
        }
      }
    }
  }

  private void addRule(float left, float top, float right, float bottom) {
    float w = right - left;
    float h = bottom - top;
    if (h <= RULE_THICKNESS && w >= RULE_LENGTH) {
      rules.add(new Rule(true, (top + bottom) / 2, left, right));
    } else if (w <= RULE_THICKNESS && h >= RULE_LENGTH) {
      rules.add(new Rule(false, (left + right) / 2, top, bottom));
    }
  }
}
