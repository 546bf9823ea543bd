package io.ilios.testing;

import java.nio.charset.StandardCharsets;

/** Small documents with the right magic bytes, for tests that need no real content. */
public final class Documents {
  private Documents() {}

  /** A minimal PDF-looking file (magic bytes and a body). */
  public static byte[] pdf(String text) {
    return ("%PDF-1.7\n% " + text + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** The 8-byte PNG signature followed by filler. */
  public static byte[] png() {
    byte[] b = new byte[64];
    byte[] sig = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    System.arraycopy(sig, 0, b, 0, sig.length);
    return b;
  }
}
