package io.ilios.spi;

import io.ilios.Batch;
import io.ilios.Document;
import io.ilios.Job;
import io.ilios.UsageBreakdown;
import io.ilios.UsageTotals;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Durable storage of jobs: the queue every worker claims from. Implementations must be thread-safe,
 * must make {@link #claim} atomic (no job is ever handed to two workers at once, in this process or
 * any other sharing the store), and must apply {@link #finish}, {@link #heartbeat} only while a
 * lease's fencing token is current. Ilios passes the current time in, so stores need no clock.
 *
 * <p>Beside jobs, a store keeps the documents they convert, batches and usage records, so that a
 * completion, its pages and its usage record commit together. Every read of these takes the owner
 * and treats another owner's id as unknown.
 *
 * <p>The SQLite store ships in core ({@link io.ilios.store.SqliteJobStore}); the Postgres store,
 * for several nodes, in {@code ilios-postgres}. Both pass the same contract tests.
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

  /** How many jobs are in each status. */
  JobCounts counts();

  // Documents, batches and usage.

  /**
   * Adds the batch (if given), the documents and their jobs in one transaction and returns them in
   * order. A document whose job's idempotency key the owner already used is not added; the document
   * first submitted with that key is returned in its place.
   */
  List<DocumentRef> enqueueDocuments(Optional<NewBatch> batch, List<NewDocument> documents);

  /**
   * Stores a document that was converted already (synchronous conversion): the document, a
   * completed job, its pages and its usage record, in one transaction. Returns the document.
   */
  Document saveConversion(NewDocument document, ConversionRecord conversion, Instant finishedAt);

  /** The owner's document; empty for unknown ids and other owners' ids alike. */
  Optional<StoredDocument> findDocument(String owner, String documentId);

  /**
   * Up to {@code limit} pages of the owner's document from page {@code first} (1-based), in order;
   * empty when the document has no stored pages (not converted, archived, or not the owner's).
   */
  List<String> pages(String owner, String documentId, int first, int limit);

  /** The owner's batch with its progress; empty for unknown ids and other owners' ids alike. */
  Optional<Batch> findBatch(String owner, String batchId);

  /**
   * Up to {@code limit} documents of the owner's batch whose position is after {@code afterIndex}
   * (-1 for the first), in batch order: pages of a listing that never holds the whole batch.
   */
  List<StoredDocument> batchDocuments(String owner, String batchId, int afterIndex, int limit);

  /**
   * Records that the batch has ended if all its documents have, and returns whether this call was
   * the one that recorded it: true at most once per batch, across processes, so that the end of a
   * batch is announced once.
   */
  boolean markBatchCompleted(String batchId, Instant now);

  /**
   * Which of these blob keys a document refers to (of any owner, archived or not). The leftover
   * sweep deletes originals that none refers to. The default answers all of them, so a store that
   * cannot tell never has an original deleted.
   */
  default Set<String> referencedBlobs(Collection<String> keys) {
    return new HashSet<>(keys);
  }

  /** Up to {@code limit} documents, of any owner, not archived and expired at {@code now}. */
  List<StoredDocument> expiredDocuments(Instant now, int limit);

  /**
   * Archives the documents: deletes their pages, forgets their blob keys and sets their archive
   * time, keeping their metadata. Returns how many were archived (already archived ones are
   * skipped).
   */
  int archive(List<String> documentIds, Instant now);

  /** The owner's usage records created in {@code [from, to)}, added up. */
  UsageTotals usageSummary(String owner, Instant from, Instant to);

  /** The owner's usage records created in {@code [from, to)}, by UTC day and by operation. */
  UsageBreakdown usageBreakdown(String owner, Instant from, Instant to);

  /**
   * Asks the store to call {@code listener} when another process adds jobs, so that idle workers
   * here start them without waiting for the next poll. Stores that can tell (Postgres, with {@code
   * LISTEN/NOTIFY}) call it from their own thread, at most about once per notification; others
   * ignore it, and Ilios's polling covers them. A listener must return quickly.
   */
  default void addJobsListener(Runnable listener) {}

  /** Stops calling a listener given to {@link #addJobsListener}. */
  default void removeJobsListener(Runnable listener) {}

  /** Closes the store. Idempotent. */
  @Override
  void close();
}
