package io.ilios;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one job as the store last saw it. Immutable.
 *
 * @param id the job id, unique within one store
 * @param owner the owner that submitted the job
 * @param type what the job does, for example {@code "convert"}
 * @param status where the job stands
 * @param priority 0–10, higher runs first
 * @param attempts attempts started so far (an attempt given back at shutdown does not count)
 * @param maxAttempts attempts allowed before the job fails for good
 * @param error the last error, if an attempt failed
 * @param result what the job produced, once completed
 * @param createdAt when the job was submitted
 * @param scheduledAt the earliest time the job may run (a retry's time after a failed attempt)
 * @param startedAt when its latest attempt started, once one has
 * @param finishedAt when the job reached a terminal status
 */
public record Job(
    long id,
    String owner,
    String type,
    JobStatus status,
    int priority,
    int attempts,
    int maxAttempts,
    Optional<String> error,
    Optional<String> result,
    Instant createdAt,
    Instant scheduledAt,
    Optional<Instant> startedAt,
    Optional<Instant> finishedAt) {

  public Job {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(scheduledAt, "scheduledAt");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }
}
