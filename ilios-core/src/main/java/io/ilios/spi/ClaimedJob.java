package io.ilios.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A job handed to a worker by {@link JobStore#claim}.
 *
 * @param lease the job id and the fencing token of this attempt
 * @param owner the owner of the job
 * @param type what the job does
 * @param payload what the job works on
 * @param priority 0–10
 * @param attempt this attempt's number, starting at 1
 * @param maxAttempts attempts allowed in all
 * @param timeout how long this attempt may run
 * @param cause for a follow-up job, what ended to queue it ({@code document:<id>}, {@code job:<id>}
 *     or {@code batch:<id>})
 */
public record ClaimedJob(
    Lease lease,
    String owner,
    String type,
    String payload,
    int priority,
    int attempt,
    int maxAttempts,
    Duration timeout,
    Optional<String> cause) {

  public ClaimedJob {
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(cause, "cause");
  }

  public long id() {
    return lease.jobId();
  }

  /** Whether a failure of this attempt may still be retried. */
  public boolean hasAttemptsLeft() {
    return attempt < maxAttempts;
  }
}
