package io.ilios.spi;

import java.util.List;

/**
 * What {@link JobStore#finishAndClaim} did.
 *
 * @param applied whether each outcome was applied, in order
 * @param claimed the jobs claimed, in queue order
 */
public record FinishAndClaim(List<Boolean> applied, List<ClaimedJob> claimed) {
  public FinishAndClaim {
    applied = List.copyOf(applied);
    claimed = List.copyOf(claimed);
  }
}
