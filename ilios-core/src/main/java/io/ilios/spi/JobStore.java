package io.ilios.spi;

import io.ilios.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of jobs: the queue every worker claims from. Implementations must be thread-safe,
 * must make {@link #claim} atomic (no job is ever handed to two workers at once, in this process or
 * any other sharing the store), and must apply {@link #finish}, {@link #heartbeat} only while a
 * lease's fencing token is current. Ilios passes the current time in, so stores need no clock.
 *
 * <p>The SQLite store ships in core ({@link io.ilios.store.SqliteJobStore}).
 */
public interface JobStore extends AutoCloseable {

  /**
   * Adds jobs in one transaction and returns their ids in order. A job whose idempotency key is
   * already used by the same owner is not added; the existing job's id is returned in its place.
   */
  List<Long> enqueue(List<NewJob> jobs);

  /** The id of the owner's job with this idempotency key, if any. */
  Optional<Long> findByIdempotencyKey(String owner, String key);

  /**
   * Atomically moves up to {@code max} pending jobs whose scheduled time has come to {@code
   * PROCESSING}, highest priority first and FIFO within a priority, each with a new fencing token
   * and a lease until {@code now + lease}. Counts one attempt for each.
   */
  List<ClaimedJob> claim(String workerId, int max, Instant now, Duration lease);

  /**
   * Extends the given leases to {@code leaseUntil}. Returns the leases that are no longer current
   * (the job was cancelled, rescued or re-claimed): their workers must stop.
   */
  List<Lease> heartbeat(List<Lease> leases, Instant leaseUntil);

  /**
   * Applies outcomes in one transaction. An outcome whose lease is no longer current is ignored.
   * Returns, in order, whether each outcome was applied.
   */
  List<Boolean> finish(List<JobOutcome> outcomes, Instant now);

  /**
   * Cancels a pending or running job of this owner. Returns the job after the call; a job already
   * in a terminal status is returned unchanged.
   *
   * @throws io.ilios.NotFoundException if the owner has no job with this id
   */
  Job cancel(String owner, long jobId, Instant now);

  /**
   * Returns jobs whose lease expired before {@code now} to {@code PENDING} (or fails them when no
   * attempts are left). Returns how many jobs were rescued.
   */
  int rescueExpired(Instant now);

  /** The owner's job with this id; empty for unknown ids and other owners' ids alike. */
  Optional<Job> find(String owner, long jobId);

  /** How many jobs are in each status. */
  JobCounts counts();

  /** Closes the store. Idempotent. */
  @Override
  void close();
}
