package io.ilios;

import java.time.Duration;
import java.util.Optional;

/**
 * A submitted job, bound to its owner. Cheap to keep and thread-safe; every call reads the store.
 */
public final class JobHandle {
  private final JobQueue queue;
  private final String owner;
  private final long id;

  JobHandle(JobQueue queue, String owner, long id) {
    this.queue = queue;
    this.owner = owner;
    this.id = id;
  }

  /** The job id. */
  public long id() {
    return id;
  }

  /** The owner the job was submitted for. */
  public String owner() {
    return owner;
  }

  /** The job as stored now. */
  public Job status() {
    return queue.status(owner, id);
  }

  /** Waits up to {@code timeout} for the job to end; see {@link JobQueue#await}. */
  public Job await(Duration timeout) throws InterruptedException {
    return queue.await(owner, id, timeout);
  }

  /** Cancels the job; see {@link JobQueue#cancel}. */
  public Job cancel() {
    return queue.cancel(owner, id);
  }

  /** The conversion, once the job completed. */
  public Optional<Conversion> conversion() {
    return queue.conversion(owner, id);
  }

  @Override
  public String toString() {
    return "JobHandle{id=" + id + ", owner=" + owner + "}";
  }
}
