package io.ilios;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/** Helpers for choosing owners. */
public final class Owners {
  private Owners() {}

  /**
   * An owner id derived from an API key: {@code "key:"} and the first 32 hex digits of the key's
   * SHA-256. The same key always gives the same owner, and the key itself is never stored.
   */
  public static String ofApiKey(String apiKey) {
    Objects.requireNonNull(apiKey, "apiKey");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(apiKey.getBytes(StandardCharsets.UTF_8));
      return "key:" + HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
