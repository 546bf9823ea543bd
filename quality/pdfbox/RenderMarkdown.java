import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName;

/**
 * The corpus's PDFBox producer: a small typesetter of its own for the sources' Markdown (headings,
 * paragraphs with bold and italic, nested lists, fenced code, ruled tables, quotes, footnotes),
 * in the standard 14 fonts, with a running header and page numbers. It writes PDFs the way many
 * report generators do: one text run per word, positioned by the program. Latin scripts only.
 *
 * <p>Shares nothing with Ilios's converter. Usage: {@code java RenderMarkdown in.md out.pdf}.
 */
public final class RenderMarkdown {
  static final PDType1Font SERIF = new PDType1Font(FontName.TIMES_ROMAN);
  static final PDType1Font SERIF_BOLD = new PDType1Font(FontName.TIMES_BOLD);
  static final PDType1Font SERIF_ITALIC = new PDType1Font(FontName.TIMES_ITALIC);
  static final PDType1Font SANS_BOLD = new PDType1Font(FontName.HELVETICA_BOLD);
  static final PDType1Font SANS = new PDType1Font(FontName.HELVETICA);
  static final PDType1Font MONO = new PDType1Font(FontName.COURIER);
  static final float LEFT = 72;
  static final float WIDTH = 468;
  static final float TOP = 720;
  static final float BOTTOM = 72;

  private final PDDocument doc = new PDDocument();
  private PDPageContentStream cs;
  private float y;
  private int pages;

  public static void main(String[] args) throws IOException {
    RenderMarkdown r = new RenderMarkdown();
    r.render(Files.readAllLines(Path.of(args[0])));
    r.cs.close();
    r.doc.save(new File(args[1]));
    r.doc.close();
  }

  private void newPage() throws IOException {
    if (cs != null) {
      cs.close();
    }
    PDPage page = new PDPage(PDRectangle.LETTER);
    doc.addPage(page);
    cs = new PDPageContentStream(doc, page);
    pages++;
    text(SANS, 9, 250, 750, "Ilios quality corpus");
    text(SANS, 9, 290, 40, "Page " + pages);
    y = TOP;
  }

  private void need(float height) throws IOException {
    if (cs == null || y - height < BOTTOM) {
      newPage();
    }
  }

  private void text(PDType1Font f, float size, float x, float at, String s) throws IOException {
    cs.beginText();
    cs.setFont(f, size);
    cs.newLineAtOffset(x, at);
    cs.showText(s);
    cs.endText();
  }

  private void render(List<String> lines) throws IOException {
    List<String> para = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String s = line.strip();
      if (s.startsWith("```")) {
        flush(para);
        List<String> code = new ArrayList<>();
        for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
          code.add(lines.get(i));
        }
        for (String c : code) {
          need(12);
          text(MONO, 9.5f, LEFT + 18, y, c.isEmpty() ? " " : c);
          y -= 12;
        }
        y -= 8;
      } else if (s.startsWith("#")) {
        flush(para);
        int level = s.indexOf(' ');
        float size = new float[] {20, 16, 13, 11.5f, 11, 11}[level - 1];
        need(size * 2);
        y -= size * 0.6f;
        text(SANS_BOLD, size, LEFT, y, s.substring(level + 1));
        y -= size * 1.1f;
      } else if (s.startsWith("|")) {
        flush(para);
        List<String[]> rows = new ArrayList<>();
        for (; i < lines.size() && lines.get(i).strip().startsWith("|"); i++) {
          String r = lines.get(i).strip();
          if (!r.matches("\\|[\\s:|-]+\\|")) {
            rows.add(r.substring(1, r.length() - 1).split("\\|"));
          }
        }
        i--;
        table(rows);
      } else if (s.matches("(\\s*)([-*]|\\d+\\.)\\s.*") || line.matches("\\s+([-*]|\\d+\\.)\\s.*")) {
        flush(para);
        int indent = line.length() - line.stripLeading().length();
        String marker = s.substring(0, s.indexOf(' '));
        String body = s.substring(s.indexOf(' ') + 1);
        float x = LEFT + 18 + indent * 4.5f;
        need(14);
        text(SERIF, 11, x - 12, y, marker.matches("\\d+\\.") ? marker : (indent > 0 ? "–" : "•"));
        words(body, x, WIDTH - (x - LEFT), 11);
      } else if (s.startsWith(">")) {
        flush(para);
        words("*" + s.substring(1).strip() + "*", LEFT + 24, WIDTH - 48, 11);
        y -= 6;
      } else if (s.startsWith("[^")) {
        flush(para);
        String note = s.replaceFirst("\\[\\^(\\d+)\\]:\\s*", "$1 ");
        words(note, LEFT, WIDTH, 9);
      } else if (s.isEmpty()) {
        flush(para);
      } else {
        para.add(s);
      }
    }
    flush(para);
  }

  private void flush(List<String> para) throws IOException {
    if (!para.isEmpty()) {
      words(String.join(" ", para).replaceAll("\\[\\^\\d+\\]", ""), LEFT, WIDTH, 11);
      y -= 7;
      para.clear();
    }
  }

  private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\([^)]+\\)");

  /** Wraps words to the width, bold and italic words in their fonts, one run per word. */
  private void words(String markdown, float x, float width, float size) throws IOException {
    Matcher m = LINK.matcher(markdown);
    String s = m.replaceAll("$1");
    boolean bold = false;
    boolean italic = false;
    float at = x;
    need(size * 1.4f);
    for (String word : s.split("\\s+")) {
      String w = word;
      boolean wordBold = bold;
      boolean wordItalic = italic;
      if (w.startsWith("**")) {
        bold = wordBold = true;
        w = w.substring(2);
      } else if (w.startsWith("*")) {
        italic = wordItalic = true;
        w = w.substring(1);
      }
      if (w.contains("**")) {
        bold = false;
        w = w.replace("**", "");
      } else if (w.contains("*")) {
        italic = false;
        w = w.replace("*", "");
      }
      PDType1Font f = wordBold ? SERIF_BOLD : wordItalic ? SERIF_ITALIC : SERIF;
      float w1 = f.getStringWidth(w) / 1000 * size;
      if (at + w1 > x + width && at > x) {
        y -= size * 1.3f;
        need(size * 1.4f);
        at = x;
      }
      text(f, size, at, y, w);
      at += w1 + SERIF.getStringWidth(" ") / 1000 * size;
    }
    y -= size * 1.3f;
  }

  private void table(List<String[]> rows) throws IOException {
    int columns = rows.get(0).length;
    float cell = Math.min(120, WIDTH / columns);
    float rowHeight = 16;
    need(rowHeight * rows.size() + 10);
    float top = y + 12;
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < columns && c < rows.get(r).length; c++) {
        text(r == 0 ? SANS_BOLD : SANS, 9.5f, LEFT + c * cell + 4, y, rows.get(r)[c].strip());
      }
      y -= rowHeight;
    }
    float bottom = y + rowHeight - 4;
    cs.setLineWidth(0.6f);
    for (int r = 0; r <= rows.size(); r++) {
      float ry = r == rows.size() ? bottom : top - r * rowHeight;
      cs.moveTo(LEFT, ry);
      cs.lineTo(LEFT + columns * cell, ry);
    }
    for (int c = 0; c <= columns; c++) {
      cs.moveTo(LEFT + c * cell, top);
      cs.lineTo(LEFT + c * cell, bottom);
    }
    cs.stroke();
    y -= 10;
  }
}
