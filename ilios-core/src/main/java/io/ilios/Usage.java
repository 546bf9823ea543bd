package io.ilios;

import io.ilios.spi.UsageStore;
import java.time.Instant;
import java.util.Objects;

/**
 * Usage and cost per owner: one usage record is stored with every conversion (operation, pages,
 * tokens, backend, model, base cost, margin, total), in the same transaction as its result, so
 * usage never disagrees with what was delivered. Thread-safe. Obtain it from {@link Ilios#usage()}.
 */
public final class Usage {
  private final UsageStore store;

  Usage(UsageStore store) {
    this.store = store;
  }

  /**
   * The owner's usage in {@code [from, to)}, added up exactly.
   *
   * @throws IllegalArgumentException if {@code to} is before {@code from}
   */
  public UsageTotals summary(String owner, Instant from, Instant to) {
    checkRange(owner, from, to);
    return store.usageSummary(owner, from, to);
  }

  /**
   * The owner's usage in {@code [from, to)} by UTC day and by operation.
   *
   * @throws IllegalArgumentException if {@code to} is before {@code from}
   */
  public UsageBreakdown breakdown(String owner, Instant from, Instant to) {
    checkRange(owner, from, to);
    return store.usageBreakdown(owner, from, to);
  }

  private static void checkRange(String owner, Instant from, Instant to) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
    }
  }
}
