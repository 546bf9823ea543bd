package io.ilios;

import io.ilios.blob.LocalBlobStore;
import io.ilios.internal.Checks;
import io.ilios.internal.convert.ConversionJob;
import io.ilios.internal.worker.JobEvents;
import io.ilios.internal.worker.PoolSettings;
import io.ilios.internal.worker.WorkerPool;
import io.ilios.spi.BlobStore;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.JobStore;
import io.ilios.spi.OcrBackend;
import io.ilios.store.SqliteJobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: one object that owns a job store, a blob store, an OCR backend and an in-process
 * worker pool. Build one per application, share it between threads, close it on shutdown.
 *
 * <pre>{@code
 * try (Ilios ilios = Ilios.builder()
 *     .store(SqliteJobStore.open(Path.of("data/ilios.db")))
 *     .blobs(LocalBlobStore.at(Path.of("data/blobs")))
 *     .ocr(myBackend)
 *     .workers(4)
 *     .build()) {
 *   JobHandle job = ilios.jobs().submit(DocumentSource.of(Path.of("a.pdf")), SubmitOptions.defaults());
 *   Job done = job.await(Duration.ofMinutes(1));
 *   System.out.println(job.conversion().orElseThrow().markdown());
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops the workers gracefully (see {@link Builder#shutdownGrace})
 * and closes the stores Ilios opened itself, never the ones the caller passed in.
 */
public final class Ilios implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Ilios.class);

  private final JobStore store;
  private final boolean ownsStore;
  private final WorkerPool pool;
  private final ExecutorService events;
  private final JobQueue jobs;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Ilios(Builder b) {
    this.ownsStore = b.store == null;
    this.store = ownsStore ? SqliteJobStore.open(SqliteJobStore.DEFAULT_PATH) : b.store;
    try {
      BlobStore blobs = b.blobs != null ? b.blobs : LocalBlobStore.at(LocalBlobStore.DEFAULT_ROOT);
      this.events =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "ilios-events");
                t.setDaemon(true);
                return t;
              });
      JobEvents onStored = (job, status, error) -> jobStored(job, status);
      this.pool =
          b.workers == 0
              ? null
              : new WorkerPool(
                  store,
                  new ConversionJob(blobs, b.ocr, b.prices),
                  onStored,
                  new PoolSettings(
                      b.workers,
                      b.lease,
                      b.heartbeat,
                      b.pollInterval,
                      b.grace,
                      b.retry,
                      b.workers,
                      true,
                      b.clock,
                      b.threadFactory != null ? b.threadFactory : workerThreads(),
                      b.executor,
                      "ilios-" + ProcessHandle.current().pid() + "-" + shortId()));
      this.jobs = new JobQueue(store, blobs, b.ocr, b.retry, b.maxDocumentSize, b.clock, pool);
      if (pool != null) {
        pool.start(); // only now: a job left from an earlier run may finish at once
      }
    } catch (RuntimeException e) {
      if (ownsStore) {
        store.close(); // nothing Ilios opened outlives a failed build
      }
      throw e;
    }
  }

  /** A new builder with the defaults described on each setter. */
  public static Builder builder() {
    return new Builder();
  }

  /** The asynchronous job queue. */
  public JobQueue jobs() {
    return jobs;
  }

  private void jobStored(ClaimedJob job, JobStatus status) {
    if (!status.isTerminal()) {
      return;
    }
    jobs.jobEnded();
    if (!jobs.hasListeners()) {
      return;
    }
    events.execute(
        () -> {
          Optional<Job> stored = store.find(job.owner(), job.id());
          if (stored.isEmpty()) {
            return;
          }
          for (JobListener l : jobs.listeners()) {
            try {
              if (status == JobStatus.COMPLETED) {
                l.onCompleted(stored.get());
              } else {
                l.onFailed(stored.get());
              }
            } catch (RuntimeException e) {
              log.warn("job listener {} failed for job {}: {}", l, job.id(), e.toString());
            }
          }
        });
  }

  /**
   * Stops claiming jobs, lets running ones finish within the shutdown grace period, gives the rest
   * back as pending without using an attempt, and closes what Ilios opened. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (pool != null) {
      pool.close();
    }
    events.shutdown();
    try {
      if (!events.awaitTermination(10, TimeUnit.SECONDS)) {
        events.shutdownNow();
      }
    } catch (InterruptedException e) {
      events.shutdownNow();
      Thread.currentThread().interrupt();
    }
    if (ownsStore) {
      store.close();
    }
  }

  private static String shortId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "ilios-worker-" + n.incrementAndGet());
      // Daemon: a job that ignores the shutdown interrupt must not keep the JVM alive.
      t.setDaemon(true);
      return t;
    };
  }

  /** Configures an {@link Ilios}. Setters validate at once and name the field when they fail. */
  public static final class Builder {
    /** Default lease: how long a claimed job is held without a heartbeat. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

    /** Default heartbeat interval; must be shorter than the lease. */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(20);

    /** Default poll interval, for retries coming due and work from other processes. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    /** Default time {@link #close()} lets running jobs finish. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

    /** Default largest document accepted: 1 GiB. */
    public static final long DEFAULT_MAX_DOCUMENT_SIZE = 1L << 30;

    /** Most workers one pool may have. */
    public static final int MAX_WORKERS = 1024;

    private JobStore store;
    private BlobStore blobs;
    private OcrBackend ocr;
    private int workers = Runtime.getRuntime().availableProcessors();
    private ThreadFactory threadFactory;
    private Executor executor;
    private Clock clock = Clock.systemUTC();
    private Duration lease = DEFAULT_LEASE;
    private Duration heartbeat = DEFAULT_HEARTBEAT;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration grace = DEFAULT_GRACE;
    private RetryPolicy retry = RetryPolicy.defaults();
    private long maxDocumentSize = DEFAULT_MAX_DOCUMENT_SIZE;
    private PriceTable prices = PriceTable.defaults();

    private Builder() {}

    /** Prices and margin for costing conversions. Default {@link PriceTable#defaults()}. */
    public Builder prices(PriceTable prices) {
      this.prices = Objects.requireNonNull(prices, "prices");
      return this;
    }

    /**
     * The largest document accepted, in bytes, 1 byte–1 TiB. Default 1 GiB. Larger ones fail with
     * {@link DocumentTooLargeException} without being stored.
     */
    public Builder maxDocumentSize(long bytes) {
      this.maxDocumentSize = Checks.inRange("maxDocumentSize", bytes, 1, 1L << 40);
      return this;
    }

    /**
     * The job store. Default: {@link SqliteJobStore} at {@code data/ilios.db}, opened and closed by
     * Ilios. A store passed here is not closed by Ilios.
     */
    public Builder store(JobStore store) {
      this.store = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Where originals are kept. Default: {@link LocalBlobStore} under {@code data/blobs}. */
    public Builder blobs(BlobStore blobs) {
      this.blobs = Objects.requireNonNull(blobs, "blobs");
      return this;
    }

    /** The OCR backend that converts documents. Required. */
    public Builder ocr(OcrBackend ocr) {
      this.ocr = Objects.requireNonNull(ocr, "ocr");
      return this;
    }

    /**
     * Worker count, 0–{@value #MAX_WORKERS}. Default: the number of processors. 0 makes a node that
     * submits and reads but runs no jobs.
     */
    public Builder workers(int workers) {
      this.workers = Checks.inRange("workers", workers, 0, MAX_WORKERS);
      return this;
    }

    /**
     * Makes the worker threads. Default: daemon platform threads named {@code ilios-worker-N}. Java
     * 21+ callers may pass {@code Thread.ofVirtual().name("ilios-worker-", 1).factory()}.
     */
    public Builder workerThreads(ThreadFactory factory) {
      this.threadFactory = Objects.requireNonNull(factory, "factory");
      this.executor = null;
      return this;
    }

    /**
     * Runs each worker loop as one long task on the caller's executor instead of on threads of
     * Ilios's own. The executor must be able to run all workers at once; Ilios does not shut it
     * down.
     */
    public Builder workerExecutor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      this.threadFactory = null;
      return this;
    }

    /** The clock for leases, backoff and timestamps. Default: {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long a claim holds a job without a heartbeat, 1 s–1 h. Default 60 s. */
    public Builder lease(Duration lease) {
      Checks.inRange("lease (ms)", Checks.positive("lease", lease).toMillis(), 1_000, 3_600_000);
      this.lease = lease;
      return this;
    }

    /** How often running jobs' leases are extended; shorter than the lease. Default 20 s. */
    public Builder heartbeat(Duration interval) {
      Checks.inRange(
          "heartbeat (ms)", Checks.positive("heartbeat", interval).toMillis(), 100, 3_600_000);
      this.heartbeat = interval;
      return this;
    }

    /**
     * How often the store is polled for work not announced in-process, 1 ms–1 h. Default 500 ms.
     */
    public Builder pollInterval(Duration interval) {
      Checks.inRange(
          "pollInterval (ms)", Checks.positive("pollInterval", interval).toMillis(), 1, 3_600_000);
      this.pollInterval = interval;
      return this;
    }

    /** How long {@link Ilios#close()} lets running jobs finish, 0–1 h. Default 30 s. */
    public Builder shutdownGrace(Duration grace) {
      Objects.requireNonNull(grace, "grace");
      Checks.inRange("shutdownGrace (ms)", grace.toMillis(), 0, 3_600_000);
      this.grace = grace;
      return this;
    }

    /** Attempts and backoff. Default {@link RetryPolicy#defaults()}. */
    public Builder retry(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /**
     * Builds and starts Ilios.
     *
     * @throws IllegalStateException if no OCR backend was set or the heartbeat is not shorter than
     *     the lease
     * @throws StoreException if the default store cannot be opened
     */
    public Ilios build() {
      if (ocr == null) {
        throw new IllegalStateException("ocr backend is required: call ocr(...) on the builder");
      }
      if (heartbeat.compareTo(lease) >= 0) {
        throw new IllegalStateException(
            "heartbeat ("
                + heartbeat
                + ") must be shorter than lease ("
                + lease
                + "), or leases expire while jobs run");
      }
      return new Ilios(this);
    }
  }
}
