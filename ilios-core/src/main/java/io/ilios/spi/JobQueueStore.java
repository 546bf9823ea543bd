package io.ilios.spi;

import io.ilios.Job;
import io.ilios.JobCounts;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The queue role of a {@link JobStore}: jobs added, claimed with a lease, kept alive, finished,
 * cancelled and rescued. This is all the worker pool uses. Implementations must make {@link #claim}
 * atomic (no job is ever handed to two workers at once, in this process or any other sharing the
 * store) and apply {@link #finish} and {@link #heartbeat} only while a lease's fencing token is
 * current. Ilios passes the current time in, so stores need no clock. Thread-safe.
 */
public interface JobQueueStore {
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

  /**
   * The worker ids ({@code workerId} of {@link #claim}) that hold the lease of a running job, so
   * that a node can tell which of them belong to processes of its own host that no longer exist.
   * Stores that cannot tell return an empty list, and such jobs wait for their lease to expire.
   */
  default List<String> leaseHolders() {
    return List.of();
  }

  /**
   * Rescues at once, as {@link #rescueExpired} does for expired leases, every running job whose
   * lease {@code workerId} holds: the caller knows that worker is gone. Returns how many.
   */
  default int rescueHeldBy(String workerId, Instant now) {
    return 0;
  }

  /** The owner's job with this id; empty for unknown ids and other owners' ids alike. */
  Optional<Job> find(String owner, long jobId);

  /**
   * The owner's latest follow-up job queued by the end of {@code cause} ({@code document:<id>} or
   * {@code batch:<id>}); empty when there is none, or it is another owner's.
   */
  Optional<Job> findFollowUp(String owner, String cause);

  /** The ended attempts of the owner's follow-up job, oldest first; empty for other owners. */
  List<io.ilios.JobAttempt> attempts(String owner, long jobId);

  /** How many jobs are in each status. */
  JobCounts counts();

  /**
   * How many jobs wait and run, and when the oldest waiting one was submitted; read without
   * scanning finished jobs (a health check calls it). The default counts every job and knows no
   * age: a store should answer from indexes of its waiting and running jobs.
   */
  default io.ilios.QueueDepth depth() {
    JobCounts c = counts();
    return new io.ilios.QueueDepth(c.pending(), c.processing(), java.util.Optional.empty());
  }

  /**
   * Asks the store to call {@code listener} when another process adds jobs, so that idle workers
   * here start them without waiting for the next poll. Stores that can tell (Postgres, with {@code
   * LISTEN/NOTIFY}) call it from their own thread, at most about once per notification; others
   * ignore it, and Ilios's polling covers them. A listener must return quickly.
   */
  default void addJobsListener(Runnable listener) {}

  /** Stops calling a listener given to {@link #addJobsListener}. */
  default void removeJobsListener(Runnable listener) {}

  /**
   * Whether each commit waits for the disk (Postgres by default). Then a submit pays for one commit
   * only: idle workers are given its jobs by the dispatcher, which claims for several submits at
   * once, rather than by a second commit on the submitting thread. Default false: a commit that
   * does not wait (SQLite in WAL mode) is cheaper than waking the dispatcher.
   */
  default boolean commitsWaitForDisk() {
    return false;
  }
}
