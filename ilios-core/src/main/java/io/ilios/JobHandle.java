package io.ilios;

import java.time.Duration;
import java.util.Optional;

/**
 * A submitted document's conversion job, bound to its owner. Cheap to keep and thread-safe; every
 * call reads the store.
 */
public final class JobHandle {
  private final JobQueue queue;
  private final Documents documents;
  private final String owner;
  private final long id;
  private final String documentId;

  JobHandle(JobQueue queue, Documents documents, String owner, long id, String documentId) {
    this.queue = queue;
    this.documents = documents;
    this.owner = owner;
    this.id = id;
    this.documentId = documentId;
  }

  /** The job id. */
  public long id() {
    return id;
  }

  /** The id of the document the job converts, for {@link Documents}. */
  public String documentId() {
    return documentId;
  }

  /** The owner the job was submitted for. */
  public String owner() {
    return owner;
  }

  /** The job as stored now. */
  public Job status() {
    return queue.status(owner, id);
  }

  /** The document as stored now. */
  public Document document() {
    return documents.get(owner, documentId);
  }

  /** Waits up to {@code timeout} for the job to end; see {@link JobQueue#await}. */
  public Job await(Duration timeout) throws InterruptedException {
    return queue.await(owner, id, timeout);
  }

  /** Cancels the job; see {@link JobQueue#cancel}. */
  public Job cancel() {
    return queue.cancel(owner, id);
  }

  /** The conversion, once the document was converted; see {@link Documents#conversion}. */
  public Optional<Conversion> conversion() {
    return documents.conversion(owner, documentId);
  }

  @Override
  public String toString() {
    return "JobHandle{id=" + id + ", documentId=" + documentId + ", owner=" + owner + "}";
  }
}
