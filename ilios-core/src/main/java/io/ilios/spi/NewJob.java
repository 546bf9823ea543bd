package io.ilios.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job to enqueue.
 *
 * @param owner the owner of the job
 * @param type what the job does; the worker pool dispatches on it
 * @param priority 0–10, higher first
 * @param maxAttempts attempts before the job fails for good
 * @param timeout how long one attempt may run
 * @param payload what the job works on, opaque to the store (Ilios writes JSON)
 * @param idempotencyKey an optional key unique per owner
 * @param scheduledAt the earliest time the job may run
 * @param followUp a plain job to queue when this one ends, if any
 */
public record NewJob(
    String owner,
    String type,
    int priority,
    int maxAttempts,
    Duration timeout,
    String payload,
    Optional<String> idempotencyKey,
    Instant scheduledAt,
    Optional<FollowUp> followUp) {

  /** A job with no follow-up. */
  public NewJob(
      String owner,
      String type,
      int priority,
      int maxAttempts,
      Duration timeout,
      String payload,
      Optional<String> idempotencyKey,
      Instant scheduledAt) {
    this(
        owner,
        type,
        priority,
        maxAttempts,
        timeout,
        payload,
        idempotencyKey,
        scheduledAt,
        Optional.empty());
  }

  public NewJob {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(scheduledAt, "scheduledAt");
    Objects.requireNonNull(followUp, "followUp");
  }
}
