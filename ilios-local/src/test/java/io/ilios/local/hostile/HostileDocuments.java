package io.ilios.local.hostile;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Documents a stranger might upload to break a converter, generated here byte by byte (nothing is
 * downloaded): files that lie about their size, page count or type, bombs, and deep nesting. Each
 * is small on disk; what it declares is not.
 */
public final class HostileDocuments {
  private HostileDocuments() {}

  /** One hostile input: its name, bytes, and what a correct converter does with it. */
  public record Case(String name, byte[] bytes, Expect expect, String errorContains) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** What Ilios must do with a case. */
  public enum Expect {
    /** Refused at submit, before anything is stored. */
    REFUSED,
    /** Stored, then failed by the converter with a permanent, typed error. */
    FAILED,
    /** Converted. */
    CONVERTED,
    /** Failed or converted, in bounded time and heap: what matters is nothing else breaks. */
    SURVIVED
  }

  /** Every case, each a few KiB to a few MiB on disk. */
  public static List<Case> all() throws IOException {
    List<Case> cases = new ArrayList<>();
    byte[] good = textPdf("A good document", 1);
    cases.add(new Case("empty.pdf", new byte[0], Expect.REFUSED, "is empty"));
    cases.add(
        new Case(
            "truncated.pdf",
            Arrays.copyOf(good, good.length / 2),
            Expect.REFUSED,
            "truncated or corrupt PDF"));
    cases.add(
        new Case(
            "truncated-with-eof.pdf",
            concat(Arrays.copyOf(good, good.length / 3), "\n%%EOF\n".getBytes()),
            Expect.SURVIVED,
            ""));
    cases.add(new Case("mislabeled.pdf", png(64, 64), Expect.REFUSED, "is named as"));
    cases.add(new Case("encrypted.pdf", encryptedPdf(), Expect.FAILED, "is encrypted"));
    cases.add(
        new Case("count-lies-high.pdf", pageCountLie(2_147_483_647, 1), Expect.CONVERTED, ""));
    cases.add(new Case("count-lies-low.pdf", pageCountLie(1, 3), Expect.CONVERTED, ""));
    cases.add(new Case("deeply-nested.pdf", deeplyNested(100_000), Expect.SURVIVED, ""));
    cases.add(new Case("decompression-bomb.pdf", contentBomb(200 << 20), Expect.SURVIVED, ""));
    cases.add(
        new Case(
            "million-glyphs.pdf", manyGlyphs(1_000_000), Expect.FAILED, "characters on one page"));
    cases.add(
        new Case("pixel-bomb.png", pngBomb(100_000, 100_000), Expect.FAILED, "maxPagePixels"));
    cases.add(new Case("pixel-bomb.jpg", jpegBomb(65_000, 65_000), Expect.FAILED, "maxPagePixels"));
    cases.add(new Case("pixel-bomb.tif", tiffBomb(65_535, 65_535), Expect.FAILED, "maxPagePixels"));
    cases.add(
        new Case("pixel-bomb.webp", webpBomb(16_384, 16_384), Expect.FAILED, "maxPagePixels"));
    cases.add(new Case("garbage.png", garbagePng(), Expect.FAILED, "cannot"));
    cases.add(new Case("embedded-image-bomb.pdf", embeddedImageBomb(20_000), Expect.CONVERTED, ""));
    return cases;
  }

  /** A born-digital PDF whose pages each say {@code text} and their number. */
  public static byte[] textPdf(String text, int pages) throws IOException {
    PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    try (PDDocument doc = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (int p = 1; p <= pages; p++) {
        PDPage page = new PDPage(PDRectangle.LETTER);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(font, 12);
          cs.newLineAtOffset(72, 700);
          cs.showText(text + ", page " + p + ". It has enough words to be read as text.");
          cs.endText();
        }
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  static byte[] encryptedPdf() throws IOException {
    try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(textPdf("secret", 1));
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      StandardProtectionPolicy p =
          new StandardProtectionPolicy("owner", "user", new AccessPermission());
      p.setEncryptionKeyLength(128);
      doc.protect(p);
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static final String FONT = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

  private static String page(int contents, int font, String extra) {
    return "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
        + contents
        + " 0 R /Resources << /Font << /F1 "
        + font
        + " 0 R >> >> "
        + extra
        + ">>";
  }

  private static String text(String s) {
    return "BT /F1 14 Tf 72 700 Td (" + s + ") Tj ET";
  }

  /** A page tree that declares {@code declared} pages and holds {@code actual}. */
  static byte[] pageCountLie(int declared, int actual) {
    RawPdf pdf = new RawPdf();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    StringBuilder kids = new StringBuilder();
    for (int i = 0; i < actual; i++) {
      kids.append(3 + 2 * i).append(" 0 R ");
    }
    pdf.add("<< /Type /Pages /Kids [" + kids + "] /Count " + declared + " >>");
    int font = 3 + 2 * actual;
    for (int i = 0; i < actual; i++) {
      pdf.add(page(4 + 2 * i, font, ""));
      pdf.stream("", text("This page count is a lie; real page " + (i + 1)).getBytes());
    }
    pdf.add(FONT);
    return pdf.bytes();
  }

  /** A page whose dictionary holds an array nested {@code depth} levels deep. */
  static byte[] deeplyNested(int depth) {
    RawPdf pdf = new RawPdf();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add(page(4, 5, "/Nest " + "[".repeat(depth) + "]".repeat(depth) + " "));
    pdf.stream("", text("Nested deep below").getBytes());
    pdf.add(FONT);
    return pdf.bytes();
  }

  /** A content stream of {@code bytes} spaces, Flate-compressed to a few hundred KiB. */
  static byte[] contentBomb(int bytes) throws IOException {
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (OutputStream z = new DeflaterOutputStream(packed, new Deflater(9))) {
      byte[] spaces = new byte[1 << 20];
      Arrays.fill(spaces, (byte) ' ');
      for (int i = 0; i < bytes; i += spaces.length) {
        z.write(spaces);
      }
      z.write(text("after the bomb").getBytes());
    }
    RawPdf pdf = new RawPdf();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add(page(4, 5, ""));
    pdf.stream("/Filter /FlateDecode", packed.toByteArray());
    pdf.add(FONT);
    return pdf.bytes();
  }

  /** One page with {@code glyphs} characters drawn, compressed. */
  static byte[] manyGlyphs(int glyphs) throws IOException {
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (OutputStream z = new DeflaterOutputStream(packed, new Deflater(9))) {
      z.write("BT /F1 1 Tf 10 10 Td ".getBytes());
      byte[] line = ("(" + "x".repeat(10) + ") Tj\n").getBytes();
      for (int i = 0; i < glyphs; i += 10) {
        z.write(line);
      }
      z.write("ET".getBytes());
    }
    RawPdf pdf = new RawPdf();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add(page(4, 5, ""));
    pdf.stream("/Filter /FlateDecode", packed.toByteArray());
    pdf.add(FONT);
    return pdf.bytes();
  }

  /**
   * A page without text that draws one grey image declaring {@code side} × {@code side} pixels from
   * a few KiB of compressed zeros: rendering it for OCR would decode gigabytes.
   */
  public static byte[] embeddedImageBomb(int side) throws IOException {
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (OutputStream z = new DeflaterOutputStream(packed, new Deflater(9))) {
      z.write(new byte[1 << 20]);
    }
    RawPdf pdf = new RawPdf();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    pdf.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    pdf.add(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
            + " /Resources << /XObject << /Im1 5 0 R >> >> >>");
    pdf.stream("", "q 612 0 0 792 0 0 cm /Im1 Do Q".getBytes());
    pdf.stream(
        "/Type /XObject /Subtype /Image /Width "
            + side
            + " /Height "
            + side
            + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode",
        packed.toByteArray());
    return pdf.bytes();
  }

  /** One page drawing {@code glyphs} characters, for tests of work inside a page. */
  public static byte[] manyGlyphsForTests(int glyphs) throws IOException {
    return manyGlyphs(glyphs);
  }

  /** A grey PNG with text on it. */
  public static byte[] png(int width, int height) throws IOException {
    return encode(picture(width, height, "Hello"), "png");
  }

  /** A TIFF with one frame per line of text. */
  public static byte[] multiFrameTiff(String... frames) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.prepareWriteSequence(null);
      for (String text : frames) {
        writer.writeToSequence(new IIOImage(picture(1200, 300, text), null, null), null);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  static BufferedImage picture(int width, int height, String text) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, height / 5)));
    g.drawString(text, width / 20, height / 2);
    g.dispose();
    return image;
  }

  private static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, format, out);
    return out.toByteArray();
  }

  /** A valid PNG signature and header declaring width × height, with a tiny body. */
  static byte[] pngBomb(int width, int height) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
    ihdr.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    chunk(out, "IHDR", ihdr.array());
    ByteArrayOutputStream idat = new ByteArrayOutputStream();
    try (OutputStream z = new DeflaterOutputStream(idat)) {
      z.write(new byte[4096]);
    }
    chunk(out, "IDAT", idat.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** A small real JPEG whose frame header is rewritten to declare width × height. */
  static byte[] jpegBomb(int width, int height) throws IOException {
    BufferedImage rgb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    byte[] jpeg = encode(rgb, "jpg");
    for (int i = 2; i + 9 < jpeg.length; i++) {
      if ((jpeg[i] & 0xff) == 0xFF
          && ((jpeg[i + 1] & 0xff) == 0xC0 || (jpeg[i + 1] & 0xff) == 0xC2)) {
        jpeg[i + 5] = (byte) (height >> 8);
        jpeg[i + 6] = (byte) height;
        jpeg[i + 7] = (byte) (width >> 8);
        jpeg[i + 8] = (byte) width;
        return jpeg;
      }
    }
    throw new IllegalStateException("no SOF marker in the generated JPEG");
  }

  /** A small real TIFF whose ImageWidth and ImageLength tags are rewritten. */
  static byte[] tiffBomb(int width, int height) throws IOException {
    byte[] tiff = multiFrameTiff("bomb");
    ByteBuffer b = ByteBuffer.wrap(tiff);
    b.order(tiff[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
    int ifd = b.getInt(4);
    int entries = b.getShort(ifd) & 0xffff;
    for (int e = 0; e < entries; e++) {
      int at = ifd + 2 + 12 * e;
      int tag = b.getShort(at) & 0xffff;
      int type = b.getShort(at + 2) & 0xffff;
      int value = tag == 256 ? width : tag == 257 ? height : -1;
      if (value >= 0) {
        if (type == 3) {
          b.putShort(at + 8, (short) value);
        } else {
          b.putInt(at + 8, value);
        }
      }
    }
    return tiff;
  }

  /** A lossless WebP header declaring width × height (at most 16384 each). */
  static byte[] webpBomb(int width, int height) {
    long bits = (width - 1L) | ((height - 1L) << 14); // alpha 0, version 0
    byte[] vp8l = new byte[5 + 64];
    vp8l[0] = 0x2f;
    for (int i = 0; i < 4; i++) {
      vp8l[1 + i] = (byte) (bits >> (8 * i));
    }
    ByteBuffer b = ByteBuffer.allocate(12 + 8 + vp8l.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put("RIFF".getBytes()).putInt(4 + 8 + vp8l.length).put("WEBP".getBytes());
    b.put("VP8L".getBytes()).putInt(vp8l.length).put(vp8l);
    return b.array();
  }

  /** A PNG signature followed by noise. */
  static byte[] garbagePng() {
    byte[] b = new byte[4096];
    new java.util.Random(3).nextBytes(b);
    byte[] sig = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    System.arraycopy(sig, 0, b, 0, sig.length);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** Writes numbered objects with a correct cross-reference table. */
  private static final class RawPdf {
    private final List<byte[]> objects = new ArrayList<>();

    void add(String body) {
      objects.add(body.getBytes(StandardCharsets.ISO_8859_1));
    }

    void stream(String dict, byte[] data) {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      o.writeBytes(("<< /Length " + data.length + " " + dict + " >>\nstream\n").getBytes());
      o.writeBytes(data);
      o.writeBytes("\nendstream".getBytes());
      objects.add(o.toByteArray());
    }

    byte[] bytes() {
      ByteArrayOutputStream o = new ByteArrayOutputStream();
      o.writeBytes("%PDF-1.7\n".getBytes());
      long[] offsets = new long[objects.size()];
      for (int i = 0; i < objects.size(); i++) {
        offsets[i] = o.size();
        o.writeBytes(((i + 1) + " 0 obj\n").getBytes());
        o.writeBytes(objects.get(i));
        o.writeBytes("\nendobj\n".getBytes());
      }
      long xref = o.size();
      StringBuilder t = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n");
      t.append("0000000000 65535 f \n");
      for (long off : offsets) {
        t.append(String.format("%010d 00000 n \n", off));
      }
      t.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\n");
      t.append("startxref\n").append(xref).append("\n%%EOF\n");
      o.writeBytes(t.toString().getBytes());
      return o.toByteArray();
    }
  }
}
