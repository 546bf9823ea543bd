package io.ilios.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.NotFoundException;
import io.ilios.spi.BlobStore;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlobStore} must do, run against each implementation (local disk, S3): stream in
 * and out, known and unknown lengths, replace, delete, report missing objects, and leave nothing
 * visible when an upload fails part way.
 */
public abstract class BlobStoreContract {
  /** The store under test, fresh (or at least empty of the keys used) for each test. */
  protected abstract BlobStore store();

  /** A size large enough to take the store's multipart or spill path. */
  protected long largeSize() {
    return 20L << 20;
  }

  @Test
  void smallObjectsOfKnownAndUnknownLengthRoundTrip() throws Exception {
    byte[] bytes = "hello, blob".getBytes();
    assertThat(store().put("a/known", new ByteArrayInputStream(bytes), bytes.length))
        .isEqualTo(bytes.length);
    assertThat(store().put("a/unknown", new ByteArrayInputStream(bytes), -1))
        .isEqualTo(bytes.length);
    for (String key : List.of("a/known", "a/unknown")) {
      try (InputStream in = store().get(key)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes);
      }
      assertThat(store().exists(key)).isTrue();
    }
  }

  @Test
  void keysUnderAPrefixWrittenBeforeATimeAreListed() throws Exception {
    for (String key : List.of("originals/a", "originals/b", "other/c")) {
      store().put(key, new ByteArrayInputStream(new byte[] {1}), 1);
    }
    List<String> listed = new java.util.ArrayList<>();
    store().forEachKey("originals/", java.time.Instant.now().plusSeconds(600), listed::add);
    assertThat(listed).containsExactlyInAnyOrder("originals/a", "originals/b");
    listed.clear();
    store().forEachKey("originals/", java.time.Instant.now().minusSeconds(600), listed::add);
    assertThat(listed).isEmpty();
  }

  @Test
  void anEmptyObjectIsAnObject() throws Exception {
    assertThat(store().put("empty", new ByteArrayInputStream(new byte[0]), 0)).isZero();
    assertThat(store().exists("empty")).isTrue();
    try (InputStream in = store().get("empty")) {
      assertThat(in.readAllBytes()).isEmpty();
    }
  }

  @Test
  void putReplacesAndDeleteRemovesAndMissingKeysAreNotFound() throws Exception {
    store().put("k", new ByteArrayInputStream("one".getBytes()), 3);
    store().put("k", new ByteArrayInputStream("two!".getBytes()), 4);
    try (InputStream in = store().get("k")) {
      assertThat(new String(in.readAllBytes())).isEqualTo("two!");
    }
    store().delete("k");
    store().delete("k"); // deleting a missing key does nothing
    assertThat(store().exists("k")).isFalse();
    assertThatThrownBy(() -> store().get("k"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("blob k not found");
  }

  @Test
  void aLargeStreamOfUnknownLengthRoundTripsByteForByte() throws Exception {
    long size = largeSize();
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    long stored = store().put("large/object", new RandomStream(size, 7, sent), -1);
    assertThat(stored).isEqualTo(size);
    assertThat(sha256(store().get("large/object")))
        .isEqualTo(HexFormat.of().formatHex(sent.digest()));
  }

  @Test
  void anUploadThatFailsPartWayLeavesNothingVisible() {
    InputStream failing =
        new FilterInputStream(new RandomStream(largeSize(), 3, null)) {
          long read;

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            if (read > largeSize() / 2) {
              throw new IOException("the source broke");
            }
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
          }
        };
    assertThatThrownBy(() -> store().put("broken", failing, -1))
        .hasRootCauseMessage("the source broke");
    assertThat(store().exists("broken")).isFalse();
  }

  @Test
  void concurrentPutsOfDifferentKeysDoNotInterfere() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        byte[] bytes = ("object " + i).getBytes();
        String key = "many/" + i;
        futures.add(
            pool.submit(() -> store().put(key, new ByteArrayInputStream(bytes), bytes.length)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      for (int i = 0; i < 8; i++) {
        try (InputStream in = store().get("many/" + i)) {
          assertThat(new String(in.readAllBytes())).isEqualTo("object " + i);
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  /** The hex SHA-256 of a stream, which it closes. */
  public static String sha256(InputStream in) throws Exception {
    try (in) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    }
  }

  /** Deterministic pseudo-random bytes of a given length, digested as they are read. */
  public static final class RandomStream extends InputStream {
    private final Random random;
    private final MessageDigest digest;
    private long left;

    public RandomStream(long size, long seed, MessageDigest digest) {
      this.random = new Random(seed);
      this.digest = digest;
      this.left = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(len, left);
      byte[] chunk = new byte[n];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, b, off, n);
      if (digest != null) {
        digest.update(chunk);
      }
      left -= n;
      return n;
    }
  }
}
