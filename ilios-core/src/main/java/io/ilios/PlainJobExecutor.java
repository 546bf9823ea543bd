package io.ilios;

import io.ilios.internal.worker.JobExecutor;
import io.ilios.spi.ClaimedJob;

/** Runs plain jobs of one type: reads the payload with the type's codec, calls the handler. */
final class PlainJobExecutor<P> implements JobExecutor {
  private final JobType<P> type;
  private final JobHandler<P> handler;

  PlainJobExecutor(JobType<P> type, JobHandler<P> handler) {
    this.type = type;
    this.handler = handler;
  }

  @Override
  public Result execute(ClaimedJob job) throws Exception {
    P payload;
    try {
      payload = type.codec().decode(job.payload());
    } catch (RuntimeException e) {
      // The same text fails the same way on every attempt.
      throw JobFailedException.permanent(
          "the payload of this '" + type.name() + "' job cannot be read: " + e.getMessage());
    }
    String result =
        handler.handle(payload, new JobContext(job.id(), job.owner(), job.attempt(), job.cause()));
    return Result.of(result == null ? "" : result);
  }
}
