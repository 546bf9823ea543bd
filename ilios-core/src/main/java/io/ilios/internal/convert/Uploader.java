package io.ilios.internal.convert;

import io.ilios.DocumentSource;
import io.ilios.DocumentTooLargeException;
import io.ilios.InvalidDocumentException;
import io.ilios.spi.BlobStore;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks a document while streaming it into the blob store: not empty, a type recognised from its
 * first bytes that the backend supports and that its file name does not contradict, no larger than
 * the limit, and for PDFs an end-of-file marker (a truncated upload has none). A document that
 * fails a check leaves nothing in the blob store. Documents up to a size limit are read into memory
 * instead, for the job store to keep beside their document.
 */
public final class Uploader {
  /** The last bytes kept to look for a PDF's {@code %%EOF}; writers may add a little after it. */
  static final int PDF_TAIL = 1024;

  private static final byte[] PDF_EOF = "%%EOF".getBytes(StandardCharsets.US_ASCII);

  /**
   * A checked original: in the blob store under {@code blob}, or, when small, held in {@code bytes}
   * for the job store ({@code blob} is null then).
   */
  public record Upload(String blob, String fileName, String mimeType, long size, byte[] bytes) {
    /** Whether the job store is to keep the bytes. */
    public boolean inStore() {
      return bytes != null;
    }
  }

  /** Most bytes of small originals one submit holds in memory; the rest go to the blob store. */
  public static final long MEMORY_PER_SUBMIT = 64L << 20;

  /**
   * What one submit may still hold in memory for the job store, shared by its parallel uploads: a
   * batch of 100,000 small documents must not hold them all on the heap.
   */
  public static final class Budget {
    private final AtomicLong left;

    public Budget(long bytes) {
      this.left = new AtomicLong(bytes);
    }

    /** A budget for one submit. */
    public static Budget perSubmit() {
      return new Budget(MEMORY_PER_SUBMIT);
    }

    boolean take(long bytes) {
      return left.getAndUpdate(n -> n >= bytes ? n - bytes : n) >= bytes;
    }

    void giveBack(long bytes) {
      left.addAndGet(bytes);
    }
  }

  private final BlobStore blobs;
  private final String backend;
  private final Set<String> supported;
  private final long maxSize;
  private final int inStoreLimit;

  /**
   * @param inStoreLimit the largest original, in bytes, kept in memory for the job store; 0 sends
   *     every original to the blob store
   */
  public Uploader(
      BlobStore blobs, String backend, Set<String> supported, long maxSize, int inStoreLimit) {
    this.blobs = blobs;
    this.backend = backend;
    this.supported = new TreeSet<>(supported);
    this.maxSize = maxSize;
    this.inStoreLimit = inStoreLimit;
  }

  /**
   * Reads a small document into memory, or streams a larger one into the blob store under a new
   * key.
   *
   * @throws InvalidDocumentException if the document is empty, of an unknown or unsupported type,
   *     named as another type, or a truncated PDF
   * @throws DocumentTooLargeException if it is larger than the limit
   */
  public Upload upload(DocumentSource source, Budget budget) {
    String name = source.fileName();
    long declared = source.size().orElse(-1);
    if (declared > maxSize) {
      throw new DocumentTooLargeException(name, declared, maxSize);
    }
    String blob = "originals/" + UUID.randomUUID();
    boolean stored = false;
    try (InputStream raw = source.open()) {
      Tail tail = new Tail(new LimitedInputStream(raw, name, maxSize));
      BufferedInputStream in = new BufferedInputStream(tail, 64 * 1024);
      in.mark(MimeTypes.HEAD);
      byte[] head = in.readNBytes(MimeTypes.HEAD);
      in.reset();
      String mime = checkType(name, head);
      InputStream rest = in;
      if (inStoreLimit > 0 && declared <= inStoreLimit && budget.take(inStoreLimit + 1L)) {
        byte[] small;
        try {
          small = in.readNBytes(inStoreLimit + 1);
        } finally {
          budget.giveBack(inStoreLimit + 1L); // taken again below for what is kept
        }
        if (small.length <= inStoreLimit && budget.take(small.length)) {
          checkComplete(name, mime, tail);
          return new Upload(null, name, mime, small.length, small);
        }
        rest = new SequenceInputStream(new ByteArrayInputStream(small), in);
      }
      long size = blobs.put(blob, rest, declared);
      stored = true;
      checkComplete(name, mime, tail);
      stored = false; // kept: the caller owns the blob now
      return new Upload(blob, name, mime, size, null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    } finally {
      if (stored) {
        blobs.delete(blob);
      }
    }
  }

  private static void checkComplete(String name, String mime, Tail tail) {
    if (mime.equals(MimeTypes.PDF) && !tail.contains(PDF_EOF)) {
      throw new InvalidDocumentException(
          name + " is a truncated or corrupt PDF: it does not end with %%EOF");
    }
  }

  private String checkType(String name, byte[] head) {
    if (head.length == 0) {
      throw new InvalidDocumentException(name + " is empty");
    }
    String mime =
        MimeTypes.sniff(head, head.length)
            .orElseThrow(
                () ->
                    new InvalidDocumentException(
                        name
                            + " is not a supported document (its bytes match no known type);"
                            + " supported: "
                            + supported));
    MimeTypes.claimedBy(name)
        .filter(claimed -> !claimed.equals(mime))
        .ifPresent(
            claimed -> {
              throw new InvalidDocumentException(
                  name + " is named as " + claimed + " but its bytes are " + mime);
            });
    if (!supported.contains(mime)) {
      throw new InvalidDocumentException(
          name
              + " is "
              + mime
              + ", which backend "
              + backend
              + " does not support; supported: "
              + supported);
    }
    return mime;
  }

  /** Passes bytes through and keeps the last {@link #PDF_TAIL} of them. */
  private static final class Tail extends FilterInputStream {
    private final byte[] ring = new byte[PDF_TAIL];
    private long count;

    Tail(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        ring[(int) (count++ % PDF_TAIL)] = (byte) b;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      for (int i = 0; i < n; i++) {
        ring[(int) (count++ % PDF_TAIL)] = b[off + i];
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // Skipping would hide bytes from the tail; read them instead.
      int r =
          read(
              new byte[(int) Math.max(0, Math.min(n, 8192))],
              0,
              (int) Math.max(0, Math.min(n, 8192)));
      return Math.max(r, 0);
    }

    boolean contains(byte[] needle) {
      int length = (int) Math.min(count, PDF_TAIL);
      byte[] last = new byte[length];
      for (int i = 0; i < length; i++) {
        last[i] = ring[(int) ((count - length + i) % PDF_TAIL)];
      }
      outer:
      for (int i = 0; i + needle.length <= length; i++) {
        for (int j = 0; j < needle.length; j++) {
          if (last[i + j] != needle[j]) {
            continue outer;
          }
        }
        return true;
      }
      return false;
    }
  }
}
