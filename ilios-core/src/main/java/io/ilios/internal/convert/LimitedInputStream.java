package io.ilios.internal.convert;

import io.ilios.DocumentTooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes bytes through until more than {@code limit} have been read, then throws {@link
 * DocumentTooLargeException}, so an oversize upload stops without being stored whole.
 */
public final class LimitedInputStream extends FilterInputStream {
  private final String fileName;
  private final long limit;
  private long read;

  public LimitedInputStream(InputStream in, String fileName, long limit) {
    super(in);
    this.fileName = fileName;
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    int n = super.read(buf, off, len);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void count(long n) {
    read += n;
    if (read > limit) {
      throw new DocumentTooLargeException(fileName, -1, limit);
    }
  }
}
