package io.ilios;

/**
 * Where a batch stands, rolled up from its documents: {@code PENDING} while none has started,
 * {@code PROCESSING} while any is pending or running, then {@code COMPLETED} when at least one
 * document was converted, or {@code FAILED} when none was.
 */
public enum BatchStatus {
  PENDING,
  PROCESSING,
  COMPLETED,
  FAILED;

  /** Whether every document of the batch has ended. */
  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED;
  }
}
