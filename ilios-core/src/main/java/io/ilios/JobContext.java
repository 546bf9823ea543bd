package io.ilios;

import java.util.Objects;
import java.util.Optional;

/**
 * Which job a {@link JobHandler} is running.
 *
 * @param id the job's id, the same on every attempt (a key for idempotent work)
 * @param owner the owner it was submitted for
 * @param attempt this attempt's number, from 1
 * @param cause for a follow-up ({@link SubmitOptions.Builder#followUp}), what ended to queue it:
 *     {@code document:<id>} or {@code batch:<id>}; empty for other jobs
 */
public record JobContext(long id, String owner, int attempt, Optional<String> cause) {
  public JobContext {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(cause, "cause");
  }

  /** A job that is no follow-up. */
  public JobContext(long id, String owner, int attempt) {
    this(id, owner, attempt, Optional.empty());
  }

  /** The document whose end queued this follow-up, if a document's did. */
  public Optional<String> afterDocument() {
    return after("document:");
  }

  /** The batch whose end queued this follow-up, if a batch's did. */
  public Optional<String> afterBatch() {
    return after("batch:");
  }

  private Optional<String> after(String prefix) {
    return cause.filter(c -> c.startsWith(prefix)).map(c -> c.substring(prefix.length()));
  }
}
