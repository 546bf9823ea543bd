package io.ilios;

/** Reading, writing or deleting an object in the blob store failed. Carries the blob key. */
public final class BlobStoreException extends IliosException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public BlobStoreException(String key, String message, Throwable cause) {
    super(message + " (blob " + key + ")", cause);
    this.key = key;
  }

  /** The key of the blob involved. */
  public String key() {
    return key;
  }
}
