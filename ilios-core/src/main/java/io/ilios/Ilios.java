package io.ilios;

import io.ilios.blob.LocalBlobStore;
import io.ilios.internal.Checks;
import io.ilios.internal.Waiter;
import io.ilios.internal.convert.ConversionRunner;
import io.ilios.internal.convert.Uploader;
import io.ilios.internal.events.JobEnds;
import io.ilios.internal.retention.Leftovers;
import io.ilios.internal.retention.RetentionSweeper;
import io.ilios.internal.worker.NodeIds;
import io.ilios.internal.worker.PoolSettings;
import io.ilios.internal.worker.WorkerPool;
import io.ilios.spi.BlobStore;
import io.ilios.spi.JobStore;
import io.ilios.spi.OcrBackend;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
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
  private final Clock clock;
  private final WorkerPool pool;
  private Runnable jobsListener; // the pool's wake-up, registered with the store
  private final JobEnds ends;
  private final ExecutorService uploads;
  private final ExecutorService conversions;
  private final RetentionSweeper sweeper;
  private final Waiter waiter = new Waiter();
  private final Documents documents;
  private final JobQueue jobs;
  private final DocumentConverter converter;
  private final Usage usage;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Ilios(Builder b) {
    this.ownsStore = b.store == null;
    this.store = ownsStore ? SqliteJobStore.open(SqliteJobStore.DEFAULT_PATH) : b.store;
    this.clock = b.clock;
    this.ends = new JobEnds(store, b.clock, waiter);
    this.uploads = boundedPool("ilios-upload", b.uploadConcurrency);
    this.conversions = Executors.newCachedThreadPool(daemonThreads("ilios-convert", true));
    try {
      BlobStore blobs = b.blobs != null ? b.blobs : LocalBlobStore.at(LocalBlobStore.DEFAULT_ROOT);
      Leftovers.deleteTemporaryFiles(b.tempDirectory, b.clock.instant());
      ConversionRunner conversion = new ConversionRunner(blobs, b.ocr, b.prices, b.tempDirectory);
      this.pool = b.workers == 0 ? null : new WorkerPool(store, conversion, ends, poolSettings(b));
      this.sweeper =
          new RetentionSweeper(
              store,
              blobs,
              b.clock,
              b.tempDirectory,
              jobId -> {
                if (pool != null) {
                  pool.interruptCancelled(jobId);
                }
              });
      Uploader uploader =
          new Uploader(blobs, b.ocr.name(), b.ocr.supportedMimeTypes(), b.maxDocumentSize);
      this.documents = new Documents(store, blobs, waiter, sweeper, ends);
      this.jobs =
          new DefaultJobQueue(
              store, blobs, uploader, uploads, b.retry, b.clock, pool, waiter, documents, ends);
      this.converter =
          new DefaultDocumentConverter(
              store, blobs, uploader, conversion, conversions, b.maxConcurrentConversions, b.clock);
      this.usage = new Usage(store);
      if (!b.sweepInterval.isZero()) {
        sweeper.start(b.sweepInterval);
      }
      if (pool != null) {
        rescueStranded();
        pool.start(); // only now: a job left from an earlier run may finish at once
        jobsListener = pool::jobsAddedElsewhere;
        store.addJobsListener(jobsListener);
      }
    } catch (RuntimeException e) {
      shutDownThreads();
      if (ownsStore) {
        store.close(); // nothing Ilios opened outlives a failed build
      }
      throw e;
    }
  }

  /** Jobs a crashed process of this host left running go back to the queue now. */
  private void rescueStranded() {
    try {
      NodeIds.rescueStranded(store, clock.instant());
    } catch (RuntimeException e) {
      log.warn(
          "cannot look for jobs of stopped processes; their leases expire as usual: {}",
          e.getMessage());
    }
  }

  /** A new builder with the defaults described on each setter. */
  public static Builder builder() {
    return new Builder();
  }

  /** The asynchronous job queue: submit documents and batches. */
  public JobQueue jobs() {
    return jobs;
  }

  /** Stored documents and batches: status, Markdown, originals, exports, retention. */
  public Documents documents() {
    return documents;
  }

  /** Synchronous conversion. */
  public DocumentConverter converter() {
    return converter;
  }

  /** Usage and cost per owner. */
  public Usage usage() {
    return usage;
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
    sweeper.close();
    if (jobsListener != null) {
      store.removeJobsListener(jobsListener);
    }
    if (pool != null) {
      pool.close();
    }
    shutDownThreads();
    if (ownsStore) {
      store.close();
    }
  }

  private void shutDownThreads() {
    if (sweeper != null) {
      sweeper.close();
    }
    uploads.shutdownNow();
    conversions.shutdownNow();
    ends.close();
    try {
      uploads.awaitTermination(10, TimeUnit.SECONDS);
      conversions.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemonThreads(String name, boolean numbered) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, numbered ? name + "-" + n.incrementAndGet() : name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Up to {@code threads} threads that exist only while there is work. */
  private static ExecutorService boundedPool(String name, int threads) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            daemonThreads(name, true));
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static PoolSettings poolSettings(Builder b) {
    PoolSettings.Builder p =
        PoolSettings.builder()
            .workers(b.workers)
            .lease(b.lease)
            .heartbeatInterval(b.heartbeat)
            .pollInterval(b.pollInterval)
            .grace(b.grace)
            .abandonAfter(Builder.TIMEOUT_GRACE)
            .retry(b.retry)
            .clock(b.clock);
    if (b.threadFactory != null) {
      p.threadFactory(b.threadFactory);
    }
    return p.executor(b.executor).build();
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

    /**
     * How long a job past its timeout may ignore the interrupt before it is failed for good, its
     * lease let go and its worker thread replaced (the old thread is left to end by itself).
     */
    public static final Duration TIMEOUT_GRACE = Duration.ofSeconds(10);

    /** Default most synchronous conversions that run at once; more wait their turn. */
    public static final int DEFAULT_MAX_CONCURRENT_CONVERSIONS =
        2 * Runtime.getRuntime().availableProcessors();

    /**
     * Most job-end notifications waiting for listeners. Past it, listeners miss notifications (a
     * warning counts them) while batch completion is still recorded, so a stuck listener cannot
     * fill the heap or stall the workers.
     */
    public static final int EVENT_QUEUE_CAPACITY = JobEnds.CAPACITY;

    /** Default largest document accepted: 1 GiB. */
    public static final long DEFAULT_MAX_DOCUMENT_SIZE = 1L << 30;

    /** Most workers one pool may have. */
    public static final int MAX_WORKERS = 1024;

    /** Default number of originals of one batch uploaded at the same time. */
    public static final int DEFAULT_UPLOAD_CONCURRENCY = 5;

    /** Default time between retention sweeps. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofHours(1);

    /** Default folder for temporary files. */
    public static final Path DEFAULT_TEMP_DIRECTORY = Path.of("data", "tmp");

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
    private int uploadConcurrency = DEFAULT_UPLOAD_CONCURRENCY;
    private int maxConcurrentConversions = DEFAULT_MAX_CONCURRENT_CONVERSIONS;
    private Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
    private Path tempDirectory = DEFAULT_TEMP_DIRECTORY;

    private Builder() {}

    /**
     * How many originals of one batch are uploaded to the blob store at the same time, 1–64.
     * Default {@value #DEFAULT_UPLOAD_CONCURRENCY}.
     */
    public Builder uploadConcurrency(int uploads) {
      this.uploadConcurrency = Checks.inRange("uploadConcurrency", uploads, 1, 64);
      return this;
    }

    /**
     * Most synchronous conversions ({@link DocumentConverter}) that run at once, 1–1024; callers
     * past it wait, and the wait counts against their timeout. Default twice the processors.
     */
    public Builder maxConcurrentConversions(int conversions) {
      this.maxConcurrentConversions =
          Checks.inRange("maxConcurrentConversions", conversions, 1, 1024);
      return this;
    }

    /**
     * How often expired documents are archived, 1 s–7 days, or {@link Duration#ZERO} for never
     * (call {@link Documents#archiveExpired()} yourself). Default 1 hour; the first sweep runs
     * after at most a minute.
     */
    public Builder retentionSweepInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (!interval.isZero()) {
        Checks.inRange("retentionSweepInterval (ms)", interval.toMillis(), 1_000, 7 * 86_400_000L);
      }
      this.sweepInterval = interval;
      return this;
    }

    /**
     * Where temporary files go (backends that need a file copy the original here). Default {@code
     * data/tmp}. Files Ilios left there more than a day ago (after a crash) are deleted at build.
     */
    public Builder tempDirectory(Path directory) {
      this.tempDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

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
