package io.ilios.spi;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The retention role of a {@link JobStore}: documents past their retention period, archiving, and
 * which originals are still referred to. Thread-safe.
 */
public interface RetentionStore {
  /**
   * Which of these blob keys a document refers to (of any owner, archived or not). The leftover
   * sweep deletes originals that none refers to. The default answers all of them, so a store that
   * cannot tell never has an original deleted.
   */
  default Set<String> referencedBlobs(Collection<String> keys) {
    return new HashSet<>(keys);
  }

  /** Up to {@code limit} documents, of any owner, not archived and expired at {@code now}. */
  List<StoredDocument> expiredDocuments(Instant now, int limit);

  /**
   * Archives the documents: deletes their pages, forgets their blob keys and sets their archive
   * time, keeping their metadata. Returns how many were archived (already archived ones are
   * skipped).
   */
  int archive(List<String> documentIds, Instant now);
}
