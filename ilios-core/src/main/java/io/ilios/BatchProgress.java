package io.ilios;

/**
 * How many documents of a batch are in each state. Archived documents count under the state their
 * conversion ended in.
 */
public record BatchProgress(
    int total, int pending, int processing, int completed, int failed, int cancelled) {

  /** How many documents have ended: completed, failed or cancelled. */
  public int ended() {
    return completed + failed + cancelled;
  }

  /** The batch status these counts roll up to. */
  public BatchStatus status() {
    if (ended() == total) {
      return completed > 0 ? BatchStatus.COMPLETED : BatchStatus.FAILED;
    }
    return pending == total ? BatchStatus.PENDING : BatchStatus.PROCESSING;
  }
}
