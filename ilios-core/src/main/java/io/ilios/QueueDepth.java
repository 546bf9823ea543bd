package io.ilios;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How much work waits: jobs pending and running, and when the oldest pending one was submitted. A
 * queue that grows, or a first job that ages, is a queue without enough workers. Read from the
 * store's indexes of waiting and running jobs, so it costs as much as the queue is deep, however
 * many finished jobs the store keeps: cheap enough for a health check.
 */
public record QueueDepth(long pending, long processing, Optional<Instant> oldestPending) {
  public QueueDepth {
    Objects.requireNonNull(oldestPending, "oldestPending");
  }
}
