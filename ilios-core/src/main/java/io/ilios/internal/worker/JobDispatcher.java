package io.ilios.internal.worker;

import io.ilios.JobFailedException;
import io.ilios.spi.ClaimedJob;
import java.util.Map;

/** Runs each claimed job with the executor of its type: conversions, and plain job handlers. */
public final class JobDispatcher implements JobExecutor {
  private final Map<String, JobExecutor> byType;

  public JobDispatcher(Map<String, JobExecutor> byType) {
    this.byType = Map.copyOf(byType);
  }

  @Override
  public Result execute(ClaimedJob job) throws Exception {
    JobExecutor executor = byType.get(job.type());
    if (executor == null) {
      // Another node may have the handler: the attempt counts, and the job goes back.
      throw new JobFailedException(
          "no handler for job type '" + job.type() + "' on this node", true);
    }
    return executor.execute(job);
  }
}
