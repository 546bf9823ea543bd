package io.ilios.internal.convert;

import io.ilios.BlobStoreException;
import io.ilios.spi.BlobStore;
import io.ilios.spi.DocumentStore;
import io.ilios.spi.OcrInput;
import java.io.ByteArrayInputStream;
import java.io.InputStream;

/**
 * Where a document's original is kept, and the one place that reads and deletes it: in the blob
 * store under its own key, or, when small, in the job store beside its document under a key that
 * says so ({@code store/<documentId>}). A small original needs no file and no second write, and is
 * stored in the same transaction as its job.
 */
public final class Originals {
  /** The key prefix of originals the job store holds. */
  public static final String IN_STORE = "store/";

  private final BlobStore blobs;
  private final DocumentStore store;

  public Originals(BlobStore blobs, DocumentStore store) {
    this.blobs = blobs;
    this.store = store;
  }

  /** The key of a document's original kept in the job store. */
  public static String inStore(String documentId) {
    return IN_STORE + documentId;
  }

  /** Opens the original under {@code key}; the caller closes the stream. */
  public InputStream open(String key) {
    if (!key.startsWith(IN_STORE)) {
      return blobs.get(key);
    }
    byte[] bytes =
        store
            .storedOriginal(key.substring(IN_STORE.length()))
            .orElseThrow(
                () ->
                    new BlobStoreException(
                        key,
                        BlobStoreException.Reason.NOT_FOUND,
                        "the store no longer holds this original",
                        null));
    return new ByteArrayInputStream(bytes);
  }

  /** Opens {@code key} each time it is asked: what a backend that reads twice needs. */
  public OcrInput.Opener opener(String key) {
    return () -> open(key);
  }

  /**
   * Deletes the original under {@code key} from the blob store; one in the job store goes with its
   * document's row when it is archived, so there is nothing to do here for it.
   */
  public void delete(String key) {
    if (!key.startsWith(IN_STORE)) {
      blobs.delete(key);
    }
  }
}
