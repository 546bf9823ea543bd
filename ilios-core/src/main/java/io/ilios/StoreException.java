package io.ilios;

/**
 * The job store failed: the database file is corrupt or belongs to another application, was written
 * by a newer Ilios, or an SQL statement failed (the database is down, the disk is full). Retryable:
 * a store that failed may answer again.
 */
public final class StoreException extends IliosException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True: the store may answer on a later attempt. */
  @Override
  public boolean retryable() {
    return true;
  }
}
