package io.ilios;

import io.ilios.internal.TokenBucket;
import io.ilios.spi.QuotaStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Request buckets and held slots per owner, for servers in front of Ilios to enforce per-key limits
 * with. When the store is shared by several nodes (Postgres, {@link #acrossNodes()}) the counts
 * live in it and every node counts against the same limits; otherwise (SQLite, one process) they
 * are kept in memory, which costs no write per request. Thread-safe. Obtain it from {@link
 * Ilios#quotas()}.
 */
public final class SharedQuotas {
  private final QuotaStore store;
  private final boolean acrossNodes;
  private final Map<String, double[]> buckets = new HashMap<>(); // owner → {tokens, updated}
  private final Map<String, Map<String, Instant>> slots = new HashMap<>(); // owner → id → until

  SharedQuotas(QuotaStore store) {
    this.store = store;
    this.acrossNodes = store.quotasAcrossNodes();
  }

  /** Whether the counts live in the store, shared with other nodes. */
  public boolean acrossNodes() {
    return acrossNodes;
  }

  /**
   * Takes one token from the owner's bucket, refilled at {@code perSecond} up to {@code burst}.
   *
   * @return 0 when taken, else the milliseconds until a token will be there
   */
  public long takeToken(String owner, double perSecond, int burst, Instant now) {
    Objects.requireNonNull(owner, "owner");
    if (acrossNodes) {
      return store.takeToken(owner, perSecond, burst, now);
    }
    long at = now.toEpochMilli();
    synchronized (buckets) {
      double[] b = buckets.computeIfAbsent(owner, o -> new double[] {burst, at});
      b[0] = TokenBucket.refill(b[0], at - (long) b[1], perSecond, burst);
      b[1] = Math.max(at, b[1]);
      long wait = TokenBucket.waitMillis(b[0], perSecond);
      if (wait == 0) {
        b[0] -= 1;
      }
      return wait;
    }
  }

  /**
   * Holds one of at most {@code limit} slots of the owner until {@code until} (a holder that never
   * gives it back loses it then); false when all are held.
   */
  public boolean takeSlot(String owner, String slotId, int limit, Instant until, Instant now) {
    if (acrossNodes) {
      return store.takeSlot(owner, slotId, limit, until, now);
    }
    synchronized (slots) {
      Map<String, Instant> held = slots.computeIfAbsent(owner, o -> new HashMap<>());
      held.values().removeIf(t -> t.isBefore(now));
      if (held.size() >= limit) {
        return false;
      }
      held.put(slotId, until);
      return true;
    }
  }

  /** Gives a slot back. */
  public void releaseSlot(String owner, String slotId) {
    if (acrossNodes) {
      store.releaseSlot(owner, slotId);
      return;
    }
    synchronized (slots) {
      Map<String, Instant> held = slots.get(owner);
      if (held != null) {
        held.remove(slotId);
      }
    }
  }
}
