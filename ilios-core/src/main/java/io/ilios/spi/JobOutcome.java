package io.ilios.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** How one attempt ended, as reported to {@link JobStore#finish}. */
public sealed interface JobOutcome {

  /** The lease of the attempt; the outcome is applied only while it is current. */
  Lease lease();

  /**
   * The attempt succeeded with {@code result}. A conversion's pages, metadata and usage record come
   * with it and are stored only if the completion is.
   */
  record Completed(Lease lease, String result, Optional<ConversionRecord> conversion)
      implements JobOutcome {
    public Completed {
      Objects.requireNonNull(lease, "lease");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(conversion, "conversion");
    }

    /** A completion with a result only. */
    public Completed(Lease lease, String result) {
      this(lease, result, Optional.empty());
    }
  }

  /**
   * The attempt failed. When {@code retryable} and attempts are left the job goes back to {@code
   * PENDING} and runs again at {@code retryAt}; otherwise it fails for good.
   */
  record Failed(Lease lease, String error, boolean retryable, Instant retryAt)
      implements JobOutcome {
    public Failed {
      Objects.requireNonNull(lease, "lease");
      Objects.requireNonNull(error, "error");
      Objects.requireNonNull(retryAt, "retryAt");
    }
  }

  /**
   * The attempt was given back unfinished (shutdown): the job returns to {@code PENDING} and the
   * attempt does not count.
   */
  record Released(Lease lease) implements JobOutcome {
    public Released {
      Objects.requireNonNull(lease, "lease");
    }
  }
}
