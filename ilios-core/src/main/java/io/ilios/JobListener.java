package io.ilios;

/**
 * Told when a job of this process's worker pool reaches a terminal status. Called on one event
 * thread ({@code ilios-events}), in the order jobs finished; a listener that throws is logged and
 * skipped, and the job's stored result is not affected. Keep listeners quick.
 */
public interface JobListener {
  /** The job completed; its result is stored. */
  default void onCompleted(Job job) {}

  /** The job failed for good (attempts used up, or a failure that is not retried). */
  default void onFailed(Job job) {}
}
