package io.ilios;

/**
 * Reading, writing or deleting an object in the blob store failed. Carries the blob key and why,
 * never credentials or signed URLs.
 */
public final class BlobStoreException extends IliosException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers that react differently (retry when throttled, say). */
  public enum Reason {
    /** The bucket or container does not exist. */
    NOT_FOUND,
    /** The credentials were refused or lack the permission. */
    ACCESS_DENIED,
    /** The service asked to slow down. */
    THROTTLED,
    /** The service could not be reached or failed on its side. */
    UNAVAILABLE,
    /** Anything else. */
    FAILED
  }

  private final String key;
  private final Reason reason;

  public BlobStoreException(String key, String message, Throwable cause) {
    this(key, Reason.FAILED, message, cause);
  }

  public BlobStoreException(String key, Reason reason, String message, Throwable cause) {
    super(message + " (blob " + key + ")", cause);
    this.key = key;
    this.reason = reason;
  }

  /** The key of the blob involved. */
  public String key() {
    return key;
  }

  /** Why it failed. */
  public Reason reason() {
    return reason;
  }

  /**
   * Whether trying again later may succeed: yes unless the bucket is missing or access was refused,
   * which waiting does not fix.
   */
  @Override
  public boolean retryable() {
    return reason != Reason.NOT_FOUND && reason != Reason.ACCESS_DENIED;
  }
}
