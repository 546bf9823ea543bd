package io.ilios.internal.convert;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Detects a document's type from its first bytes; file names are never trusted. */
public final class MimeTypes {
  public static final String PDF = "application/pdf";
  public static final String PNG = "image/png";
  public static final String JPEG = "image/jpeg";
  public static final String TIFF = "image/tiff";
  public static final String WEBP = "image/webp";
  public static final String GIF = "image/gif";
  public static final String BMP = "image/bmp";

  /** How many leading bytes {@link #sniff} looks at. */
  public static final int HEAD = 16;

  private static final Map<String, String> BY_EXTENSION =
      Map.of(
          "pdf", PDF,
          "png", PNG,
          "jpg", JPEG,
          "jpeg", JPEG,
          "tif", TIFF,
          "tiff", TIFF,
          "webp", WEBP,
          "gif", GIF,
          "bmp", BMP);

  private MimeTypes() {}

  /**
   * The type a file name claims through a known extension ({@code .pdf}, {@code .png}, …); empty
   * for other or missing extensions.
   */
  public static Optional<String> claimedBy(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0 || dot == fileName.length() - 1) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
  }

  /** The type recognised from {@code head}, the first {@code length} bytes of a document. */
  public static Optional<String> sniff(byte[] head, int length) {
    if (startsWith(head, length, "%PDF-")) {
      return Optional.of(PDF);
    }
    if (startsWith(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
      return Optional.of(PNG);
    }
    if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
      return Optional.of(JPEG);
    }
    if (startsWith(head, length, 'I', 'I', 0x2A, 0x00)
        || startsWith(head, length, 'M', 'M', 0x00, 0x2A)) {
      return Optional.of(TIFF);
    }
    if (startsWith(head, length, "RIFF")
        && length >= 12
        && new String(head, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
      return Optional.of(WEBP);
    }
    if (startsWith(head, length, "GIF87a") || startsWith(head, length, "GIF89a")) {
      return Optional.of(GIF);
    }
    if (startsWith(head, length, "BM") && length >= 6) {
      return Optional.of(BMP);
    }
    return Optional.empty();
  }

  private static boolean startsWith(byte[] head, int length, String prefix) {
    return startsWith(head, length, prefix.chars().toArray());
  }

  private static boolean startsWith(byte[] head, int length, int... prefix) {
    if (length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((head[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
