package io.ilios.spi;

import java.time.Instant;

/**
 * The quota role of a {@link JobStore}: request-rate buckets and held slots per owner, kept in the
 * store so that every node sharing it counts against the same limits. Thread-safe.
 */
public interface QuotaStore {
  /**
   * Takes one token from the owner's bucket, refilled at {@code perSecond} up to {@code burst}.
   *
   * @return 0 when a token was taken, else the milliseconds until one will be there
   */
  long takeToken(String owner, double perSecond, int burst, Instant now);

  /**
   * Holds one of the owner's slots until {@code until} (so the slot of a node that dies lapses),
   * when fewer than {@code limit} are held.
   *
   * @return whether the slot was taken
   */
  boolean takeSlot(String owner, String slotId, int limit, Instant until, Instant now);

  /** Gives a slot back. */
  void releaseSlot(String owner, String slotId);

  /**
   * Whether these counts are shared with other processes that matter: true for a store several
   * application nodes use (Postgres); false where one process serves (SQLite), which then may count
   * in memory instead.
   */
  default boolean quotasAcrossNodes() {
    return false;
  }
}
