package io.ilios.internal.worker;

import io.ilios.spi.ClaimedJob;
import io.ilios.spi.ConversionRecord;
import java.util.Objects;
import java.util.Optional;

/** Runs one claimed job on a worker thread and returns its result. */
@FunctionalInterface
public interface JobExecutor {
  /**
   * Runs the job. Throwing fails the attempt (see {@link Failures} for what is retried);
   * interruption means the job was cancelled, timed out, lost its lease or the pool is stopping.
   */
  Result execute(ClaimedJob job) throws Exception;

  /** What a job produced: its result, and for conversions the records stored with it. */
  record Result(String value, Optional<ConversionRecord> conversion) {
    public Result {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(conversion, "conversion");
    }

    public static Result of(String value) {
      return new Result(value, Optional.empty());
    }
  }
}
