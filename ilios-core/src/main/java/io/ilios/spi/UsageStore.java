package io.ilios.spi;

import io.ilios.UsageBreakdown;
import io.ilios.UsageTotals;
import java.time.Instant;

/** The usage role of a {@link JobStore}: usage records added up per owner. Thread-safe. */
public interface UsageStore {
  /** The owner's usage records created in {@code [from, to)}, added up. */
  UsageTotals usageSummary(String owner, Instant from, Instant to);

  /** The owner's usage records created in {@code [from, to)}, by UTC day and by operation. */
  UsageBreakdown usageBreakdown(String owner, Instant from, Instant to);
}
