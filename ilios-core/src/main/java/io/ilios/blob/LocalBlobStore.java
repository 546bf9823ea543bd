package io.ilios.blob;

import io.ilios.BlobStoreException;
import io.ilios.NotFoundException;
import io.ilios.spi.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@link BlobStore} on local disk: one file per key under a root folder (default {@code
 * data/blobs}). Writes go to a temporary file in the same file system and are moved into place once
 * complete, so a reader never sees half an object and a failed write leaves nothing behind (a crash
 * may leave a {@code .part} file; those older than a day are deleted when a store opens). Folders
 * and files are readable by their owner only. Thread-safe.
 */
public final class LocalBlobStore implements BlobStore {
  /** Where blobs go when no folder is given. */
  public static final Path DEFAULT_ROOT = Path.of("data", "blobs");

  private static final Pattern KEY =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}(/[A-Za-z0-9][A-Za-z0-9._-]{0,127}){0,7}");
  private static final String TMP_DIR = ".tmp";
  private static final Duration STALE_PART_AGE = Duration.ofDays(1);
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
      PosixFilePermissions.fromString("rwx------");

  private final Path root;
  private final Path tmp;

  private LocalBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.tmp = this.root.resolve(TMP_DIR);
    try {
      Files.createDirectories(tmp);
      Files.setPosixFilePermissions(this.root, OWNER_ONLY_DIR);
      Files.setPosixFilePermissions(tmp, OWNER_ONLY_DIR);
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the folder keeps its inherited access control
    } catch (IOException e) {
      throw new BlobStoreException("-", "cannot create blob folder " + this.root, e);
    }
    deleteStaleParts();
  }

  /** Half-written files a crashed process left in {@code .tmp}, older than a day. */
  private void deleteStaleParts() {
    FileTime before = FileTime.from(Instant.now().minus(STALE_PART_AGE));
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(tmp, "*.part")) {
      for (Path p : parts) {
        if (Files.getLastModifiedTime(p).compareTo(before) < 0) {
          deleteQuietly(p);
        }
      }
    } catch (IOException ignored) {
      // Best effort: a later start tries again.
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
      partial = Files.createTempFile(tmp, "put-", ".part"); // created readable by the owner only
      long written;
      try (OutputStream out = Files.newOutputStream(partial)) {
        written = in.transferTo(out);
      }
      if (length >= 0 && written != length) {
        throw new BlobStoreException(
            key, "expected " + length + " bytes but the stream held " + written, null);
      }
      createOwnerOnlyDirectories(target.getParent());
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
  public void forEachKey(String prefix, Instant before, Consumer<String> action) {
    Path start = root.resolve(prefix).normalize();
    if (!start.startsWith(root) || !Files.isDirectory(start)) {
      return;
    }
    FileTime cutoff = FileTime.from(before);
    try (Stream<Path> files = Files.walk(start)) {
      files
          .filter(Files::isRegularFile)
          .filter(f -> !f.startsWith(tmp))
          .filter(f -> modifiedBefore(f, cutoff))
          .map(f -> root.relativize(f).toString().replace('\\', '/'))
          .forEach(action);
    } catch (IOException | UncheckedIOException e) {
      throw new BlobStoreException(prefix, "cannot list blobs", e);
    }
  }

  private static boolean modifiedBefore(Path f, FileTime cutoff) {
    try {
      return Files.getLastModifiedTime(f).compareTo(cutoff) < 0;
    } catch (IOException e) {
      return false; // deleted meanwhile
    }
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

  private void createOwnerOnlyDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    createOwnerOnlyDirectories(dir.getParent());
    try {
      Files.createDirectory(dir);
      Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      // another thread made it
    } catch (UnsupportedOperationException notPosix) {
      // Windows
    }
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
