package io.ilios.internal.worker;

import io.ilios.JobStatus;
import io.ilios.spi.ClaimedJob;
import java.util.Optional;

/** Told by the pool, on its dispatcher thread, when an attempt's outcome has been stored. */
@FunctionalInterface
public interface JobEvents {
  /**
   * The attempt ended and the store accepted its outcome. {@code status} is the job's status now:
   * {@code COMPLETED}, {@code FAILED}, or {@code PENDING} when it will be retried or was given
   * back. Must not block.
   */
  void stored(ClaimedJob job, JobStatus status, Optional<String> error);

  JobEvents NONE = (job, status, error) -> {};
}
