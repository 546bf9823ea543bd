package io.ilios;

/**
 * Runs plain jobs of one {@link JobType} on the worker pool, on whichever node claims them.
 * Handlers run at least once per job: a node that stops in the middle of one leaves it to be run
 * again after its lease, so make them idempotent (the job id is stable across attempts).
 *
 * <p>Throwing fails the attempt: it is tried again (after the {@link RetryPolicy}'s backoff) while
 * attempts are left, unless the exception is an {@link IliosException} that says it is not
 * retryable, such as {@link JobFailedException#permanent(String)}. An interrupt means the job was
 * cancelled, timed out or the pool is stopping: stop soon.
 *
 * @param <P> the payload type
 */
@FunctionalInterface
public interface JobHandler<P> {
  /**
   * Runs one job.
   *
   * @param payload the payload it was submitted with
   * @param job which job and attempt this is
   * @return the result to store with the job ({@link Job#result()}), or null for none
   */
  String handle(P payload, JobContext job) throws Exception;
}
