package io.ilios.spi;

import io.ilios.Batch;
import io.ilios.Document;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The document role of a {@link JobStore}: documents, their pages and batches. Every read takes the
 * owner and treats another owner's id as unknown. Thread-safe.
 */
public interface DocumentStore {
  /**
   * Adds the batch (if given), the documents and their jobs in one transaction and returns them in
   * order. A document whose job's idempotency key the owner already used is not added; the document
   * first submitted with that key is returned in its place.
   */
  List<DocumentRef> enqueueDocuments(Optional<NewBatch> batch, List<NewDocument> documents);

  /**
   * Stores a document that was converted already (synchronous conversion): the document, a
   * completed job, its pages and its usage record, in one transaction. Returns the document.
   */
  Document saveConversion(NewDocument document, ConversionRecord conversion, Instant finishedAt);

  /** The owner's document; empty for unknown ids and other owners' ids alike. */
  Optional<StoredDocument> findDocument(String owner, String documentId);

  /**
   * Up to {@code limit} pages of the owner's document from page {@code first} (1-based), in order;
   * empty when the document has no stored pages (not converted, archived, or not the owner's).
   */
  List<String> pages(String owner, String documentId, int first, int limit);

  /**
   * The bytes of a document's original when the store keeps them ({@link NewDocument#original()});
   * empty when it does not, or no longer (archived). The caller checked the owner.
   */
  Optional<byte[]> storedOriginal(String documentId);

  /** The owner's batch with its progress; empty for unknown ids and other owners' ids alike. */
  Optional<Batch> findBatch(String owner, String batchId);

  /**
   * Up to {@code limit} documents of the owner's batch whose position is after {@code afterIndex}
   * (-1 for the first), in batch order: pages of a listing that never holds the whole batch.
   */
  List<StoredDocument> batchDocuments(String owner, String batchId, int afterIndex, int limit);

  /**
   * Records that the batch has ended if all its documents have, and returns whether this call was
   * the one that recorded it: true at most once per batch, across processes, so that the end of a
   * batch is announced once.
   */
  boolean markBatchCompleted(String batchId, Instant now);
}
