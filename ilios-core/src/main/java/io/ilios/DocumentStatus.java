package io.ilios;

/**
 * Where a document stands: its conversion job's status, or {@code ARCHIVED} once its retention
 * period has passed and its content and original were deleted (its metadata stays).
 */
public enum DocumentStatus {
  PENDING,
  PROCESSING,
  COMPLETED,
  FAILED,
  CANCELLED,
  ARCHIVED;

  /** Whether the document's conversion has ended (it will not change again except to archive). */
  public boolean isTerminal() {
    return this != PENDING && this != PROCESSING;
  }

  /** The document status that a conversion job's status stands for. */
  public static DocumentStatus of(JobStatus job) {
    return switch (job) {
      case PENDING -> PENDING;
      case PROCESSING -> PROCESSING;
      case COMPLETED -> COMPLETED;
      case FAILED -> FAILED;
      case CANCELLED -> CANCELLED;
    };
  }
}
