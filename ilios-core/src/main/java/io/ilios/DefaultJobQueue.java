package io.ilios;

import io.ilios.internal.Waiter;
import io.ilios.internal.convert.ConversionRunner;
import io.ilios.internal.convert.Originals;
import io.ilios.internal.convert.Uploader;
import io.ilios.internal.events.JobEnds;
import io.ilios.internal.json.Json;
import io.ilios.internal.worker.WorkerPool;
import io.ilios.spi.BlobStore;
import io.ilios.spi.DocumentRef;
import io.ilios.spi.FollowUp;
import io.ilios.spi.JobStore;
import io.ilios.spi.NewBatch;
import io.ilios.spi.NewDocument;
import io.ilios.spi.NewJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@link JobQueue} of an {@link Ilios}: see there. Thread-safe. */
final class DefaultJobQueue implements JobQueue {
  private final JobStore store;
  private final BlobStore blobs;
  private final Uploader uploader;
  private final ExecutorService uploads;
  private final RetryPolicy retry;
  private final Clock clock;
  private final WorkerPool pool;
  private final Waiter waiter;
  private final Documents documents;
  private final JobEnds ends;
  private final java.util.Set<String> handledTypes;

  DefaultJobQueue(
      JobStore store,
      BlobStore blobs,
      Uploader uploader,
      ExecutorService uploads,
      RetryPolicy retry,
      Clock clock,
      WorkerPool pool,
      Waiter waiter,
      Documents documents,
      JobEnds ends,
      java.util.Set<String> handledTypes) {
    this.ends = ends;
    this.handledTypes = java.util.Set.copyOf(handledTypes);
    this.store = store;
    this.blobs = blobs;
    this.uploader = uploader;
    this.uploads = uploads;
    this.retry = retry;
    this.clock = clock;
    this.pool = pool;
    this.waiter = waiter;
    this.documents = documents;
  }

  @Override
  public JobHandle submit(DocumentSource source, SubmitOptions options) {
    return submitAll(List.of(source), options).get(0);
  }

  @Override
  public List<JobHandle> submitAll(List<DocumentSource> sources, SubmitOptions options) {
    checkMany(sources, "sources", "document", options);
    followUp(options); // checked before anything is uploaded
    List<Uploader.Upload> uploaded = new ArrayList<>(sources.size());
    Uploader.Budget memory = Uploader.Budget.perSubmit();
    try {
      for (DocumentSource source : sources) {
        uploaded.add(uploader.upload(source, memory));
      }
    } catch (RuntimeException e) {
      deleteAll(uploaded);
      throw e;
    }
    return handles(enqueue(Optional.empty(), uploaded, options), options.owner());
  }

  @Override
  public BatchHandle submitBatch(List<DocumentSource> sources, SubmitOptions options)
      throws InterruptedException {
    Objects.requireNonNull(options, "options");
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one document, got none");
    }
    if (options.idempotencyKey().isPresent()) {
      throw new IllegalArgumentException("idempotency keys apply to single documents, not batches");
    }
    Optional<FollowUp> followUp = followUp(options);
    List<Uploader.Upload> uploaded = uploadInParallel(sources);
    NewBatch batch =
        new NewBatch(
            UUID.randomUUID().toString(),
            options.owner(),
            options.priority(),
            sources.size(),
            clock.instant(),
            followUp);
    enqueue(Optional.of(batch), uploaded, options);
    return new BatchHandle(documents, options.owner(), batch.id());
  }

  private List<Uploader.Upload> uploadInParallel(List<DocumentSource> sources)
      throws InterruptedException {
    // After a failure, uploads not yet started are skipped; running ones finish and are deleted.
    AtomicBoolean abort = new AtomicBoolean();
    Uploader.Budget memory = Uploader.Budget.perSubmit();
    List<Future<Uploader.Upload>> futures = new ArrayList<>(sources.size());
    for (DocumentSource source : sources) {
      futures.add(uploads.submit(() -> abort.get() ? null : uploader.upload(source, memory)));
    }
    List<Uploader.Upload> done = new ArrayList<>(sources.size());
    RuntimeException failure = null;
    boolean interrupted = false;
    for (Future<Uploader.Upload> f : futures) {
      while (true) {
        try {
          Uploader.Upload u = f.get();
          if (u != null) {
            done.add(u);
          }
          break;
        } catch (ExecutionException e) {
          abort.set(true);
          failure = failure != null ? failure : asRuntime(e.getCause());
          break;
        } catch (InterruptedException e) {
          abort.set(true);
          interrupted = true; // keep waiting: what the running uploads store must be deleted
        }
      }
    }
    if (failure != null || interrupted) {
      deleteAll(done);
      if (interrupted) {
        throw new InterruptedException("interrupted while uploading a batch; nothing was stored");
      }
      throw failure;
    }
    return done;
  }

  private static RuntimeException asRuntime(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new BlobStoreException("-", "upload failed: " + t, t);
  }

  private List<DocumentRef> enqueue(
      Optional<NewBatch> batch, List<Uploader.Upload> uploaded, SubmitOptions options) {
    Instant now = clock.instant();
    Operation operation = batch.isPresent() ? Operation.BATCH : Operation.DOCUMENT;
    List<NewDocument> docs = new ArrayList<>(uploaded.size());
    for (int i = 0; i < uploaded.size(); i++) {
      Uploader.Upload u = uploaded.get(i);
      String id = UUID.randomUUID().toString();
      String key = u.inStore() ? Originals.inStore(id) : u.blob();
      ConversionRunner.Payload payload =
          new ConversionRunner.Payload(
              id,
              batch.map(NewBatch::id).orElse(null),
              operation,
              key,
              u.fileName(),
              u.mimeType(),
              u.size());
      NewJob job =
          new NewJob(
              options.owner(),
              ConversionRunner.TYPE,
              options.priority(),
              options.maxAttempts().orElse(retry.maxAttempts()),
              options.timeout(),
              Json.write(payload),
              options.idempotencyKey(),
              now,
              // A batch's follow-up is the batch's; a single document's is its job's.
              batch.isPresent() ? Optional.empty() : followUp(options));
      docs.add(
          new NewDocument(
              id,
              batch.map(NewBatch::id),
              i,
              u.fileName(),
              u.mimeType(),
              u.size(),
              key,
              options.retentionDays(),
              job,
              Optional.ofNullable(u.bytes())));
    }
    List<DocumentRef> refs;
    try {
      refs = store.enqueueDocuments(batch, docs);
    } catch (RuntimeException e) {
      deleteAll(uploaded); // nothing left behind when a submit fails part way
      throw e;
    }
    for (int i = 0; i < refs.size(); i++) {
      if (!refs.get(i).documentId().equals(docs.get(i).id())) {
        discard(uploaded.get(i)); // an idempotent repeat: the first upload is kept
      }
    }
    if (pool != null) {
      pool.workAdded(refs.size());
    }
    return refs;
  }

  private void deleteAll(List<Uploader.Upload> uploaded) {
    for (Uploader.Upload u : uploaded) {
      try {
        discard(u);
      } catch (RuntimeException e) {
        // best effort: the original failure is what the caller needs to see
      }
    }
  }

  /** Deletes an upload that will not be kept; one held in memory was never stored. */
  private void discard(Uploader.Upload u) {
    if (!u.inStore()) {
      blobs.delete(u.blob());
    }
  }

  private List<JobHandle> handles(List<DocumentRef> refs, String owner) {
    List<JobHandle> handles = new ArrayList<>(refs.size());
    for (DocumentRef ref : refs) {
      handles.add(new JobHandle(this, documents, owner, ref.jobId(), ref.documentId()));
    }
    return handles;
  }

  /**
   * The options' follow-up as the store keeps it, with this submit's attempts and timeout.
   *
   * @throws IllegalArgumentException if its type has no handler in this Ilios
   */
  private Optional<FollowUp> followUp(SubmitOptions options) {
    if (options.followUpType().isEmpty()) {
      return Optional.empty();
    }
    String type = options.followUpType().get();
    if (!handledTypes.contains(type)) {
      throw new IllegalArgumentException(
          "no handler for follow-up job type '"
              + type
              + "': register one with IliosBuilder.handle(...)");
    }
    return Optional.of(
        new FollowUp(
            type,
            options.followUpPayload().orElseThrow(),
            options.maxAttempts().orElse(retry.maxAttempts()),
            options.timeout()));
  }

  /** One or more items, and an idempotency key only for one: what a submit of many accepts. */
  private static void checkMany(List<?> items, String name, String what, SubmitOptions options) {
    Objects.requireNonNull(options, "options");
    if (items.isEmpty()) {
      throw new IllegalArgumentException(name + " must hold at least one " + what + ", was empty");
    }
    if (options.idempotencyKey().isPresent() && items.size() != 1) {
      throw new IllegalArgumentException(
          "an idempotency key applies to one " + what + ", but " + items.size() + " were given");
    }
  }

  /** The largest encoded payload of a plain job: payloads name work, they do not carry files. */
  static final int MAX_PAYLOAD_CHARS = 1 << 20;

  @Override
  public <P> long submit(JobType<P> type, P payload, SubmitOptions options) {
    return submitAll(type, List.of(payload), options).get(0);
  }

  @Override
  public <P> List<Long> submitAll(JobType<P> type, List<P> payloads, SubmitOptions options) {
    Objects.requireNonNull(type, "type");
    checkMany(payloads, "payloads", "job", options);
    if (options.followUpType().isPresent()) {
      throw new IllegalArgumentException(
          "follow-ups apply to documents and batches; a plain job's handler can submit the next"
              + " job itself");
    }
    Instant now = clock.instant();
    List<NewJob> jobs = new ArrayList<>(payloads.size());
    for (P payload : payloads) {
      String encoded = type.codec().encode(payload);
      if (encoded == null || encoded.length() > MAX_PAYLOAD_CHARS) {
        throw new IllegalArgumentException(
            "a '"
                + type.name()
                + "' payload must encode to at most "
                + MAX_PAYLOAD_CHARS
                + " characters");
      }
      jobs.add(
          new NewJob(
              options.owner(),
              type.name(),
              options.priority(),
              options.maxAttempts().orElse(retry.maxAttempts()),
              options.timeout(),
              encoded,
              options.idempotencyKey(),
              now));
    }
    List<Long> ids = store.enqueue(jobs);
    if (pool != null) {
      pool.workAdded(ids.size());
    }
    return ids;
  }

  @Override
  public Optional<Job> followUpOfDocument(String owner, String documentId) {
    return store.findFollowUp(
        Objects.requireNonNull(owner, "owner"),
        "document:" + Objects.requireNonNull(documentId, "documentId"));
  }

  @Override
  public void addStartListener(JobStartListener listener) {
    Objects.requireNonNull(listener, "listener");
    if (pool != null) {
      pool.addStartListener(listener);
    }
  }

  @Override
  public void removeStartListener(JobStartListener listener) {
    if (pool != null) {
      pool.removeStartListener(listener);
    }
  }

  @Override
  public List<JobAttempt> attemptsOf(String owner, long jobId) {
    return store.attempts(Objects.requireNonNull(owner, "owner"), jobId);
  }

  @Override
  public Optional<Job> followUpOfBatch(String owner, String batchId) {
    return store.findFollowUp(
        Objects.requireNonNull(owner, "owner"),
        "batch:" + Objects.requireNonNull(batchId, "batchId"));
  }

  @Override
  public Job status(String owner, long jobId) {
    return store
        .find(owner, jobId)
        .orElseThrow(() -> new NotFoundException("job", Long.toString(jobId)));
  }

  @Override
  public Job await(String owner, long jobId, Duration timeout) throws InterruptedException {
    return waiter.await(() -> status(owner, jobId), j -> j.status().isTerminal(), timeout);
  }

  @Override
  public Job cancel(String owner, long jobId) {
    Job job = store.cancel(owner, jobId, clock.instant());
    if (pool != null && job.status() == JobStatus.CANCELLED) {
      pool.interruptCancelled(jobId);
    }
    waiter.wake();
    return job;
  }

  @Override
  public JobCounts counts() {
    return store.counts();
  }

  @Override
  public QueueDepth depth() {
    return store.depth();
  }

  @Override
  public void addListener(JobListener listener) {
    ends.add(listener);
  }

  @Override
  public void removeListener(JobListener listener) {
    ends.remove(listener);
  }
}
