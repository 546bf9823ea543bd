package io.ilios;

import io.ilios.internal.Checks;
import io.ilios.internal.Waiter;
import io.ilios.internal.convert.Originals;
import io.ilios.internal.events.JobEnds;
import io.ilios.internal.export.BatchExport;
import io.ilios.internal.retention.RetentionSweeper;
import io.ilios.spi.DocumentStore;
import io.ilios.spi.StoredDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Stored documents and batches: status, Markdown (whole or per page), metadata, originals, batch
 * progress and exports, and retention. Thread-safe. Obtain it from {@link Ilios#documents()}.
 *
 * <p>Every read takes the owner the document or batch was submitted for; another owner's id is
 * reported as not found, exactly like an unknown id.
 */
public final class Documents {
  /** How many documents an export or listing reads from the store at a time. */
  static final int PAGE_SIZE = 100;

  private final DocumentStore store;
  private final Originals originals;
  private final Waiter waiter;
  private final RetentionSweeper sweeper;
  private final JobEnds ends;

  Documents(
      DocumentStore store,
      Originals originals,
      Waiter waiter,
      RetentionSweeper sweeper,
      JobEnds ends) {
    this.ends = ends;
    this.store = store;
    this.originals = originals;
    this.waiter = waiter;
    this.sweeper = sweeper;
  }

  /**
   * The owner's document as stored now, without its content.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  public Document get(String owner, String documentId) {
    return stored(owner, documentId).document();
  }

  private StoredDocument stored(String owner, String documentId) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(documentId, "documentId");
    return store
        .findDocument(owner, documentId)
        .orElseThrow(() -> new NotFoundException("document", documentId));
  }

  /**
   * Waits until the document's conversion ends or {@code timeout} passes, and returns the document
   * as it then stands (check {@link DocumentStatus#isTerminal()}).
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  public Document await(String owner, String documentId, Duration timeout)
      throws InterruptedException {
    return waiter.await(() -> get(owner, documentId), d -> d.status().isTerminal(), timeout);
  }

  /**
   * The document with its Markdown, once converted; empty while pending or running, and after it
   * failed, was cancelled or was archived.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  public Optional<Conversion> conversion(String owner, String documentId) {
    Document d = get(owner, documentId);
    if (d.status() != DocumentStatus.COMPLETED) {
      return Optional.empty();
    }
    List<String> pages = store.pages(owner, documentId, 1, Integer.MAX_VALUE);
    if (pages.size() != d.metadata().orElseThrow().pages()) {
      return Optional.empty(); // archived between the two reads
    }
    return Optional.of(new Conversion(d, pages));
  }

  /**
   * The whole document's Markdown, pages joined by {@link Conversion#PAGE_SEPARATOR}; empty unless
   * {@link DocumentStatus#COMPLETED}.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  public Optional<String> markdown(String owner, String documentId) {
    return conversion(owner, documentId).map(Conversion::markdown);
  }

  /**
   * The Markdown of one page, numbered from 1; empty unless {@link DocumentStatus#COMPLETED}.
   *
   * @throws IllegalArgumentException if the document has no such page
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  public Optional<String> page(String owner, String documentId, int page) {
    Document d = get(owner, documentId);
    if (d.status() != DocumentStatus.COMPLETED) {
      return Optional.empty();
    }
    Checks.inRange("page", page, 1, d.metadata().orElseThrow().pages());
    List<String> one = store.pages(owner, documentId, page, 1);
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  /**
   * Opens the original bytes as uploaded; the caller closes the stream.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike, and for documents whose
   *     original was deleted when they were archived
   */
  public InputStream openOriginal(String owner, String documentId) {
    StoredDocument d = stored(owner, documentId);
    String key =
        d.blobKey()
            .orElseThrow(() -> new NotFoundException("original of archived document", documentId));
    return originals.open(key);
  }

  /**
   * The owner's batch with its progress.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  public Batch batch(String owner, String batchId) {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(batchId, "batchId");
    return store
        .findBatch(owner, batchId)
        .orElseThrow(() -> new NotFoundException("batch", batchId));
  }

  /**
   * Waits until every document of the batch has ended or {@code timeout} passes, and returns the
   * batch as it then stands (check {@link BatchStatus#isTerminal()}).
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  public Batch awaitBatch(String owner, String batchId, Duration timeout)
      throws InterruptedException {
    return waiter.await(() -> batch(owner, batchId), b -> b.status().isTerminal(), timeout);
  }

  /**
   * Calls {@code action} for each document of the batch, in submission order. Reads the store
   * {@value #PAGE_SIZE} documents at a time, so memory does not grow with the batch.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  public void forEachDocument(String owner, String batchId, Consumer<Document> action) {
    batch(owner, batchId);
    try {
      BatchExport.forEach(store, owner, batchId, PAGE_SIZE, d -> action.accept(d.document()));
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not reached: listing does no I/O of its own
    }
  }

  /**
   * Writes the batch to {@code out} in {@code format}, streaming: the store is read a few documents
   * at a time and memory does not grow with the batch. Documents that have not ended yet are listed
   * with their status. {@code out} is flushed, not closed.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   * @throws java.io.UncheckedIOException if writing to {@code out} fails
   */
  public void exportBatch(String owner, String batchId, ExportFormat format, OutputStream out) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(out, "out");
    Batch batch = batch(owner, batchId);
    BatchExport export = new BatchExport(store, owner, batch, PAGE_SIZE);
    switch (format) {
      case JSONL -> export.jsonl(out);
      case ZIP -> export.zip(out);
    }
  }

  /**
   * Archives every document whose retention period has passed, now: deletes its Markdown and its
   * original, keeps its metadata, and sets its status to {@link DocumentStatus#ARCHIVED}. A
   * document still queued or running is cancelled first. The periodic sweep does the same (see
   * {@link IliosBuilder#retentionSweepInterval}). Returns how many documents were archived.
   */
  public int archiveExpired() {
    return sweeper.sweep();
  }

  /**
   * Deletes what a crashed or killed process left: temporary files, and originals in the blob store
   * that no document refers to, each older than a day (younger ones may belong to a process still
   * at work). The periodic sweep does this too. Returns how many files and originals were deleted.
   */
  public int deleteLeftovers() {
    return sweeper.deleteLeftovers();
  }

  /** Adds a listener for documents and batches finished by this process's workers. */
  public void addListener(DocumentListener listener) {
    ends.add(listener);
  }

  /** Removes a listener added before. */
  public void removeListener(DocumentListener listener) {
    ends.remove(listener);
  }
}
