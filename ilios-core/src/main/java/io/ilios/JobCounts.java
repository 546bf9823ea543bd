package io.ilios;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How many jobs the store holds in each status, and when the oldest pending one was submitted: a
 * queue that grows or a first job that ages is a queue without enough workers.
 */
public record JobCounts(
    long pending,
    long processing,
    long completed,
    long failed,
    long cancelled,
    Optional<Instant> oldestPending) {

  public JobCounts {
    Objects.requireNonNull(oldestPending, "oldestPending");
  }

  /** Counts without a pending job's time. */
  public JobCounts(long pending, long processing, long completed, long failed, long cancelled) {
    this(pending, processing, completed, failed, cancelled, Optional.empty());
  }

  public long total() {
    return pending + processing + completed + failed + cancelled;
  }
}
