package io.ilios;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch of documents as it stands now. Immutable.
 *
 * @param id the batch id (a random UUID)
 * @param owner the owner it was submitted for
 * @param priority the priority of its jobs, 0–10
 * @param progress how many of its documents are in each state
 * @param createdAt when it was submitted
 * @param completedAt when its last document ended, once it has
 */
public record Batch(
    String id,
    String owner,
    int priority,
    BatchProgress progress,
    Instant createdAt,
    Optional<Instant> completedAt) {

  public Batch {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(completedAt, "completedAt");
  }

  /** The status rolled up from {@link #progress()}. */
  public BatchStatus status() {
    return progress.status();
  }
}
