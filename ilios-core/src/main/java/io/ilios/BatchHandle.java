package io.ilios;

import java.io.OutputStream;
import java.time.Duration;

/**
 * A submitted batch, bound to its owner. Cheap to keep and thread-safe; every call reads the store.
 */
public final class BatchHandle {
  private final Documents documents;
  private final String owner;
  private final String id;

  BatchHandle(Documents documents, String owner, String id) {
    this.documents = documents;
    this.owner = owner;
    this.id = id;
  }

  /** The batch id. */
  public String id() {
    return id;
  }

  /** The owner the batch was submitted for. */
  public String owner() {
    return owner;
  }

  /** The batch and its progress as stored now. */
  public Batch status() {
    return documents.batch(owner, id);
  }

  /** Waits up to {@code timeout} for every document to end; see {@link Documents#awaitBatch}. */
  public Batch await(Duration timeout) throws InterruptedException {
    return documents.awaitBatch(owner, id, timeout);
  }

  /** Writes the batch to {@code out}; see {@link Documents#exportBatch}. */
  public void export(ExportFormat format, OutputStream out) {
    documents.exportBatch(owner, id, format, out);
  }

  @Override
  public String toString() {
    return "BatchHandle{id=" + id + ", owner=" + owner + "}";
  }
}
