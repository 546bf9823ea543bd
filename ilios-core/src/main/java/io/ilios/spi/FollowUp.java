package io.ilios.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * A plain job to queue when a job or a batch ends (completed, failed for good or cancelled). The
 * store keeps it beside the job or batch and queues it in the very transaction that ends it, so it
 * is queued exactly once and survives any crash.
 *
 * @param type the plain job type to run
 * @param payload its payload, encoded
 * @param maxAttempts attempts for the follow-up job
 * @param timeout how long one attempt of it may run
 */
public record FollowUp(String type, String payload, int maxAttempts, Duration timeout) {
  public FollowUp {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(timeout, "timeout");
  }
}
