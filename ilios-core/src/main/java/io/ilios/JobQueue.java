package io.ilios;

import io.ilios.internal.Checks;
import io.ilios.internal.convert.ConversionJob;
import io.ilios.internal.convert.LimitedInputStream;
import io.ilios.internal.convert.MimeTypes;
import io.ilios.internal.json.Json;
import io.ilios.internal.worker.WorkerPool;
import io.ilios.spi.BlobStore;
import io.ilios.spi.JobCounts;
import io.ilios.spi.JobStore;
import io.ilios.spi.NewJob;
import io.ilios.spi.OcrBackend;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The durable asynchronous queue: submit documents for conversion, follow, await and cancel jobs.
 * Submitting stores the original in the blob store and queues a job; it never waits for OCR.
 * Thread-safe. Obtain it from {@link Ilios#jobs()}.
 *
 * <p>Every read takes the owner the job was submitted for; another owner's job id is reported as
 * not found, exactly like an unknown id.
 */
public final class JobQueue {
  /** How often {@link #await} re-reads the store for jobs finished by other processes. */
  public static final long AWAIT_POLL_MS = 200;

  private final JobStore store;
  private final BlobStore blobs;
  private final OcrBackend backend;
  private final RetryPolicy retry;
  private final long maxDocumentSize;
  private final Clock clock;
  private final WorkerPool pool;
  private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
  private final Object finishedMonitor = new Object();
  private volatile int waiting;

  JobQueue(
      JobStore store,
      BlobStore blobs,
      OcrBackend backend,
      RetryPolicy retry,
      long maxDocumentSize,
      Clock clock,
      WorkerPool pool) {
    this.store = store;
    this.blobs = blobs;
    this.backend = backend;
    this.retry = retry;
    this.maxDocumentSize = maxDocumentSize;
    this.clock = clock;
    this.pool = pool;
  }

  /**
   * Stores the document and queues a conversion job.
   *
   * @throws InvalidDocumentException if the document is empty or of a type the OCR backend does not
   *     support; nothing is stored then
   */
  public JobHandle submit(DocumentSource source, SubmitOptions options) {
    return submitAll(List.of(source), options).get(0);
  }

  /**
   * Stores the documents and queues one conversion job for each, in one transaction: either all are
   * queued or none. With an idempotency key in {@code options}, only a single document may be
   * submitted.
   */
  public List<JobHandle> submitAll(List<DocumentSource> sources, SubmitOptions options) {
    Objects.requireNonNull(options, "options");
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("sources must hold at least one document, was empty");
    }
    if (options.idempotencyKey().isPresent()) {
      if (sources.size() != 1) {
        throw new IllegalArgumentException(
            "an idempotency key applies to one document, but " + sources.size() + " were given");
      }
      Optional<Long> existing =
          store.findByIdempotencyKey(options.owner(), options.idempotencyKey().get());
      if (existing.isPresent()) {
        return List.of(new JobHandle(this, options.owner(), existing.get()));
      }
    }
    List<String> uploaded = new ArrayList<>(sources.size());
    try {
      List<NewJob> jobs = new ArrayList<>(sources.size());
      for (DocumentSource source : sources) {
        ConversionJob.Payload payload = upload(source);
        uploaded.add(payload.blob());
        jobs.add(
            new NewJob(
                options.owner(),
                ConversionJob.TYPE,
                options.priority(),
                options.maxAttempts().orElse(retry.maxAttempts()),
                options.timeout(),
                Json.write(payload),
                options.idempotencyKey(),
                clock.instant()));
      }
      List<Long> ids = store.enqueue(jobs);
      uploaded.clear();
      if (pool != null) {
        pool.workAdded(ids.size());
      }
      List<JobHandle> handles = new ArrayList<>(ids.size());
      for (long id : ids) {
        handles.add(new JobHandle(this, options.owner(), id));
      }
      return handles;
    } finally {
      for (String blob : uploaded) {
        blobs.delete(blob); // nothing left behind when a submit fails part way
      }
    }
  }

  private ConversionJob.Payload upload(DocumentSource source) {
    long declared = source.size().orElse(-1);
    if (declared > maxDocumentSize) {
      throw new DocumentTooLargeException(source.fileName(), declared, maxDocumentSize);
    }
    String blob = "originals/" + UUID.randomUUID();
    try (InputStream raw = source.open()) {
      BufferedInputStream in =
          new BufferedInputStream(
              new LimitedInputStream(raw, source.fileName(), maxDocumentSize), 64 * 1024);
      in.mark(MimeTypes.HEAD);
      byte[] head = in.readNBytes(MimeTypes.HEAD);
      in.reset();
      if (head.length == 0) {
        throw new InvalidDocumentException(source.fileName() + " is empty");
      }
      String mime =
          MimeTypes.sniff(head, head.length)
              .orElseThrow(
                  () ->
                      new InvalidDocumentException(
                          source.fileName()
                              + " is not a supported document (its bytes match no known type);"
                              + " supported: "
                              + new TreeSet<>(backend.supportedMimeTypes())));
      if (!backend.supportedMimeTypes().contains(mime)) {
        throw new InvalidDocumentException(
            source.fileName()
                + " is "
                + mime
                + ", which backend "
                + backend.name()
                + " does not support; supported: "
                + new TreeSet<>(backend.supportedMimeTypes()));
      }
      long size = blobs.put(blob, in, source.size().orElse(-1));
      return new ConversionJob.Payload(blob, source.fileName(), mime, size);
    } catch (IOException e) {
      blobs.delete(blob);
      throw new UncheckedIOException("cannot read " + source.fileName(), e);
    }
  }

  /**
   * The owner's job as stored now.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  public Job status(String owner, long jobId) {
    return store
        .find(owner, jobId)
        .orElseThrow(() -> new NotFoundException("job", Long.toString(jobId)));
  }

  /**
   * Waits until the job reaches a terminal status or {@code timeout} passes, and returns the job as
   * it then stands (check {@link JobStatus#isTerminal()}). Jobs run by this process wake the caller
   * at once; jobs run by other processes are noticed within {@value #AWAIT_POLL_MS} ms.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  public Job await(String owner, long jobId, Duration timeout) throws InterruptedException {
    Checks.inRange("timeout (ms)", timeout.toMillis(), 0, Long.MAX_VALUE);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (finishedMonitor) {
      waiting++;
      try {
        while (true) {
          Job job = status(owner, jobId);
          long left = deadline - System.nanoTime();
          if (job.status().isTerminal() || left <= 0) {
            return job;
          }
          TimeUnit.NANOSECONDS.timedWait(
              finishedMonitor, Math.min(left, TimeUnit.MILLISECONDS.toNanos(AWAIT_POLL_MS)));
        }
      } finally {
        waiting--;
      }
    }
  }

  /**
   * Cancels the job: a pending job at once, a running one is interrupted and marked cancelled.
   * Returns the job afterwards; a job that had already ended is returned unchanged.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  public Job cancel(String owner, long jobId) {
    Job job = store.cancel(owner, jobId, clock.instant());
    if (pool != null && job.status() == JobStatus.CANCELLED) {
      pool.interruptCancelled(jobId);
    }
    jobEnded();
    return job;
  }

  /**
   * The conversion a completed job produced; empty while the job has not completed.
   *
   * @throws NotFoundException for unknown ids and other owners' ids alike
   */
  public Optional<Conversion> conversion(String owner, long jobId) {
    Job job = status(owner, jobId);
    return job.result()
        .filter(r -> job.status() == JobStatus.COMPLETED)
        .map(r -> Json.read(r, ConversionJob.Result.class).toConversion());
  }

  /** How many jobs of all owners are in each status. */
  public JobCounts counts() {
    return store.counts();
  }

  /** Adds a listener for jobs finished by this process's workers. */
  public void addListener(JobListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener added before. */
  public void removeListener(JobListener listener) {
    listeners.remove(listener);
  }

  boolean hasListeners() {
    return !listeners.isEmpty();
  }

  List<JobListener> listeners() {
    return listeners;
  }

  /** Wakes {@link #await} callers; cheap when nobody waits. */
  void jobEnded() {
    if (waiting > 0) {
      synchronized (finishedMonitor) {
        finishedMonitor.notifyAll();
      }
    }
  }
}
