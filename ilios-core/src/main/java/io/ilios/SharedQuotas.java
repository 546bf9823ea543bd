package io.ilios;

import io.ilios.spi.QuotaStore;
import java.time.Instant;
import java.util.Objects;

/**
 * Request buckets and held slots per owner, kept in the job store so that every node sharing it
 * counts against the same limits: what servers in front of Ilios enforce per-key limits with when
 * {@link #acrossNodes()} says the store is shared. Thread-safe. Obtain it from {@link
 * Ilios#quotas()}.
 */
public final class SharedQuotas {
  private final QuotaStore store;

  SharedQuotas(QuotaStore store) {
    this.store = store;
  }

  /** Whether other nodes share these counts (Postgres), so that counting in memory would not do. */
  public boolean acrossNodes() {
    return store.quotasAcrossNodes();
  }

  /**
   * Takes one token from the owner's bucket, refilled at {@code perSecond} up to {@code burst}.
   *
   * @return 0 when taken, else the milliseconds until a token will be there
   */
  public long takeToken(String owner, double perSecond, int burst, Instant now) {
    return store.takeToken(Objects.requireNonNull(owner, "owner"), perSecond, burst, now);
  }

  /** Holds one of at most {@code limit} slots of the owner until {@code until}; false if full. */
  public boolean takeSlot(String owner, String slotId, int limit, Instant until, Instant now) {
    return store.takeSlot(owner, slotId, limit, until, now);
  }

  /** Gives a slot back. */
  public void releaseSlot(String owner, String slotId) {
    store.releaseSlot(owner, slotId);
  }
}
