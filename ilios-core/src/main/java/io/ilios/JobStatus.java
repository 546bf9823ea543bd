package io.ilios;

/**
 * Where a job stands. {@code PENDING → PROCESSING → COMPLETED | FAILED | CANCELLED}; a failed
 * attempt with attempts left goes back to {@code PENDING} with a later scheduled time.
 */
public enum JobStatus {
  PENDING,
  PROCESSING,
  COMPLETED,
  FAILED,
  CANCELLED;

  /** Whether no further transition can happen. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
