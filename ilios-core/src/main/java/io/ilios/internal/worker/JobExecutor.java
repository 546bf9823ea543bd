package io.ilios.internal.worker;

import io.ilios.spi.ClaimedJob;

/** Runs one claimed job on a worker thread and returns its result. */
@FunctionalInterface
public interface JobExecutor {
  /**
   * Runs the job. Throwing fails the attempt (see {@link Failures} for what is retried);
   * interruption means the job was cancelled, timed out, lost its lease or the pool is stopping.
   */
  String execute(ClaimedJob job) throws Exception;
}
