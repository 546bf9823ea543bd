package io.ilios;

import io.ilios.internal.Waiter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The durable asynchronous queue: submit documents and batches for conversion, follow, await and
 * cancel their jobs. Submitting streams the original into the blob store and queues a job; it never
 * waits for OCR. Thread-safe. Obtain it from {@link Ilios#jobs()}.
 *
 * <p>Every read takes the owner the job was submitted for; another owner's job id is reported as
 * not found, exactly like an unknown id.
 */
public interface JobQueue {

  /**
   * Stores the document and queues a conversion job for it. With an idempotency key the owner used
   * before, the first submission's job is returned and nothing new is stored.
   *
   * @throws InvalidDocumentException if the document is empty, corrupt, named as another type, or
   *     of a type the OCR backend does not support; nothing is stored then
   * @throws DocumentTooLargeException if it is over the size limit; nothing is stored then
   */
  JobHandle submit(DocumentSource source, SubmitOptions options);

  /**
   * Stores the documents and queues one conversion job for each, in one transaction: either all are
   * queued or none. With an idempotency key in {@code options}, only a single document may be
   * submitted. Uploads run one after another on the calling thread; see {@link #submitBatch} for a
   * batch record and parallel uploads.
   */
  List<JobHandle> submitAll(List<DocumentSource> sources, SubmitOptions options);

  /**
   * Stores the documents as one batch and queues a conversion job for each. Originals are uploaded
   * in parallel, at most {@link IliosBuilder#uploadConcurrency} at a time; then the batch, its
   * documents and their jobs are written in one transaction. If any document is rejected, nothing
   * is stored and the first rejection is thrown.
   *
   * @throws IllegalArgumentException if {@code sources} is empty or {@code options} carries an
   *     idempotency key
   * @throws InvalidDocumentException if a document is empty, corrupt, named as another type, or of
   *     an unsupported type
   * @throws DocumentTooLargeException if a document is over the size limit
   */
  BatchHandle submitBatch(List<DocumentSource> sources, SubmitOptions options)
      throws InterruptedException;

  /**
   * Queues one plain job of {@code type} (see {@link JobType}): its payload is stored with the job
   * in the same transaction, and a worker of this or another node runs it with the type's handler
   * ({@link IliosBuilder#handle(JobType, JobHandler)}). Owner, priority, attempts, timeout and
   * idempotency key come from {@code options}; {@code retentionDays} does not apply.
   *
   * @return the job's id, for {@link #status}, {@link #await} and {@link #cancel}
   * @throws IllegalArgumentException if the encoded payload is larger than 1 MiB
   */
  <P> long submit(JobType<P> type, P payload, SubmitOptions options);

  /**
   * Queues plain jobs of {@code type}, one per payload, in one transaction (all or none).
   *
   * @return their ids, in the order of {@code payloads}
   * @throws IllegalArgumentException if {@code payloads} is empty, or holds more than one payload
   *     and {@code options} an idempotency key, or an encoded payload is larger than 1 MiB
   */
  <P> List<Long> submitAll(JobType<P> type, List<P> payloads, SubmitOptions options);

  /**
   * The owner's job as stored now.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  Job status(String owner, long jobId);

  /**
   * Waits until the job reaches a terminal status or {@code timeout} passes, and returns the job as
   * it then stands (check {@link JobStatus#isTerminal()}). Jobs run by this process wake the caller
   * at once; jobs run by other processes are noticed within {@value Waiter#POLL_MS} ms.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  Job await(String owner, long jobId, Duration timeout) throws InterruptedException;

  /**
   * Cancels the job: a pending job at once, a running one is interrupted and marked cancelled.
   * Returns the job afterwards; a job that had already ended is returned unchanged.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  Job cancel(String owner, long jobId);

  /**
   * The follow-up job ({@link SubmitOptions.Builder#followUp}) that the end of the owner's document
   * queued: its status, attempts and last error. Empty until the document ends, when it had no
   * follow-up, or for another owner's document.
   */
  Optional<Job> followUpOfDocument(String owner, String documentId);

  /**
   * The follow-up job that the end of the owner's batch queued; see {@link #followUpOfDocument}.
   */
  Optional<Job> followUpOfBatch(String owner, String batchId);

  /**
   * Every ended attempt of the owner's follow-up job, oldest first: when it started and how it
   * ended. Empty for other jobs (they keep only their last error) and for other owners' jobs.
   */
  List<JobAttempt> attemptsOf(String owner, long jobId);

  /** Tells {@code listener} of every attempt this process's workers start (for metrics). */
  void addStartListener(JobStartListener listener);

  /** Stops telling a listener given to {@link #addStartListener}. */
  void removeStartListener(JobStartListener listener);

  /**
   * How many jobs of all owners are in each status. This counts every job the store keeps; for a
   * frequent check of the queue use {@link #depth()}.
   */
  JobCounts counts();

  /**
   * How many jobs of all owners wait and run, and when the oldest waiting one was submitted; costs
   * as much as the queue is deep, however many finished jobs the store keeps.
   */
  QueueDepth depth();

  /** Adds a listener for jobs finished by this process's workers. */
  void addListener(JobListener listener);

  /** Removes a listener added before. */
  void removeListener(JobListener listener);
}
