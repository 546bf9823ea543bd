package io.ilios.blob;

import io.ilios.BlobStoreException;
import io.ilios.NotFoundException;
import io.ilios.spi.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * A {@link BlobStore} on local disk: one file per key under a root folder (default {@code
 * data/blobs}). Writes go to a temporary file in the same file system and are moved into place once
 * complete, so a reader never sees half an object and a failed write leaves nothing behind.
 * Thread-safe.
 */
public final class LocalBlobStore implements BlobStore {
  /** Where blobs go when no folder is given. */
  public static final Path DEFAULT_ROOT = Path.of("data", "blobs");

  private static final Pattern KEY =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9][A-Za-z0-9._-]{0,127}){0,7}");
  private static final String TMP_DIR = ".tmp";

  private final Path root;
  private final Path tmp;

  private LocalBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.tmp = this.root.resolve(TMP_DIR);
    try {
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new BlobStoreException("-", "cannot create blob folder " + this.root, e);
    }
  }

  /** A store under {@code root}, created if missing. */
  public static LocalBlobStore at(Path root) {
    return new LocalBlobStore(root);
  }

  /** The folder holding the blobs. */
  public Path root() {
    return root;
  }

  @Override
  public long put(String key, InputStream in, long length) {
    Path target = pathOf(key);
    Path partial = null;
    try {
      partial = Files.createTempFile(tmp, "put-", ".part");
      long written;
      try (OutputStream out = Files.newOutputStream(partial)) {
        written = in.transferTo(out);
      }
      if (length >= 0 && written != length) {
        throw new BlobStoreException(
            key, "expected " + length + " bytes but the stream held " + written, null);
      }
      Files.createDirectories(target.getParent());
      move(partial, target);
      partial = null;
      return written;
    } catch (IOException e) {
      throw new BlobStoreException(key, "cannot write blob", e);
    } finally {
      deleteQuietly(partial);
    }
  }

  @Override
  public InputStream get(String key) {
    try {
      return Files.newInputStream(pathOf(key));
    } catch (NoSuchFileException e) {
      throw new NotFoundException("blob", key);
    } catch (IOException e) {
      throw new BlobStoreException(key, "cannot read blob", e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      Files.deleteIfExists(pathOf(key));
    } catch (IOException e) {
      throw new BlobStoreException(key, "cannot delete blob", e);
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.isRegularFile(pathOf(key));
  }

  @Override
  public String toString() {
    return "LocalBlobStore{" + root + "}";
  }

  private Path pathOf(String key) {
    if (key == null || !KEY.matcher(key).matches() || key.startsWith(TMP_DIR)) {
      throw new IllegalArgumentException("invalid blob key '" + key + "'");
    }
    return root.resolve(key);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path path) {
    if (path == null) {
      return;
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // Best effort: the temporary file is inside .tmp and harmless.
    }
  }
}
