package io.ilios;

import io.ilios.blob.LocalBlobStore;
import io.ilios.internal.Checks;
import io.ilios.internal.events.JobEnds;
import io.ilios.internal.worker.JobExecutor;
import io.ilios.spi.BlobStore;
import io.ilios.spi.JobStore;
import io.ilios.spi.OcrBackend;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;

/**
 * Configures an {@link Ilios}: {@code Ilios.builder()}. Setters validate at once and name the field
 * when they fail; every default is a named constant here. Not thread-safe; {@link #build()} may be
 * called more than once.
 */
public final class IliosBuilder {
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
   * warning counts them) while batch completion is still recorded, so a stuck listener cannot fill
   * the heap or stall the workers.
   */
  public static final int EVENT_QUEUE_CAPACITY = JobEnds.CAPACITY;

  /** Default largest document accepted: 1 GiB. */
  public static final long DEFAULT_MAX_DOCUMENT_SIZE = 1L << 30;

  /** Originals up to 64 KiB are kept in the job store: {@link #originalsInStoreUpTo}. */
  public static final int DEFAULT_ORIGINALS_IN_STORE_UP_TO = 64 * 1024;

  /** Most workers one pool may have. */
  public static final int MAX_WORKERS = 1024;

  /** Default number of originals of one batch uploaded at the same time. */
  public static final int DEFAULT_UPLOAD_CONCURRENCY = 5;

  /** Default time between retention sweeps. */
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofHours(1);

  /** Default folder for temporary files. */
  public static final Path DEFAULT_TEMP_DIRECTORY = Path.of("data", "tmp");

  JobStore store;
  BlobStore blobs;
  OcrBackend ocr;
  int workers = Runtime.getRuntime().availableProcessors();
  ThreadFactory threadFactory;
  Executor executor;
  final Map<String, JobExecutor> handlers = new LinkedHashMap<>();
  Clock clock = Clock.systemUTC();
  Duration lease = DEFAULT_LEASE;
  Duration heartbeat = DEFAULT_HEARTBEAT;
  Duration pollInterval = DEFAULT_POLL_INTERVAL;
  Duration grace = DEFAULT_GRACE;
  RetryPolicy retry = RetryPolicy.defaults();
  long maxDocumentSize = DEFAULT_MAX_DOCUMENT_SIZE;
  int originalsInStoreUpTo = DEFAULT_ORIGINALS_IN_STORE_UP_TO;
  PriceTable prices = PriceTable.defaults();
  int uploadConcurrency = DEFAULT_UPLOAD_CONCURRENCY;
  int maxConcurrentConversions = DEFAULT_MAX_CONCURRENT_CONVERSIONS;
  Duration sweepInterval = DEFAULT_SWEEP_INTERVAL;
  Path tempDirectory = DEFAULT_TEMP_DIRECTORY;
  boolean startWorkers = true;

  IliosBuilder() {}

  /**
   * How many originals of one batch are uploaded to the blob store at the same time, 1–64. Default
   * {@value #DEFAULT_UPLOAD_CONCURRENCY}.
   */
  public IliosBuilder uploadConcurrency(int uploads) {
    this.uploadConcurrency = Checks.inRange("uploadConcurrency", uploads, 1, 64);
    return this;
  }

  /**
   * Most synchronous conversions ({@link DocumentConverter}) that run at once, 1–1024; callers past
   * it wait, and the wait counts against their timeout. Default twice the processors.
   */
  public IliosBuilder maxConcurrentConversions(int conversions) {
    this.maxConcurrentConversions =
        Checks.inRange("maxConcurrentConversions", conversions, 1, 1024);
    return this;
  }

  /**
   * How often expired documents are archived, 1 s–7 days, or {@link Duration#ZERO} for never (call
   * {@link Documents#archiveExpired()} yourself). Default 1 hour; the first sweep runs after at
   * most a minute.
   */
  public IliosBuilder retentionSweepInterval(Duration interval) {
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
  public IliosBuilder tempDirectory(Path directory) {
    this.tempDirectory = Objects.requireNonNull(directory, "directory");
    return this;
  }

  /** Prices and margin for costing conversions. Default {@link PriceTable#defaults()}. */
  public IliosBuilder prices(PriceTable prices) {
    this.prices = Objects.requireNonNull(prices, "prices");
    return this;
  }

  /**
   * The largest document accepted, in bytes, 1 byte–1 TiB. Default 1 GiB. Larger ones fail with
   * {@link DocumentTooLargeException} without being stored.
   */
  public IliosBuilder maxDocumentSize(long bytes) {
    this.maxDocumentSize = Checks.inRange("maxDocumentSize", bytes, 1, 1L << 40);
    return this;
  }

  /**
   * Originals up to this size, in bytes, are kept in the job store beside their document, written
   * in the same transaction as their job, instead of as an object of their own in the blob store;
   * 0–1 MiB, 0 for none. Default {@value #DEFAULT_ORIGINALS_IN_STORE_UP_TO} (64 KiB): a one-page
   * PDF or a small image costs one insert, not a file or an S3 request, and is never stored without
   * its job. Retention deletes them with their pages.
   */
  public IliosBuilder originalsInStoreUpTo(int bytes) {
    this.originalsInStoreUpTo = Checks.inRange("originalsInStoreUpTo", bytes, 0, 1 << 20);
    return this;
  }

  /**
   * The job store. Default: {@link SqliteJobStore} at {@code data/ilios.db}, opened and closed by
   * Ilios. A store passed here is not closed by Ilios.
   */
  public IliosBuilder store(JobStore store) {
    this.store = Objects.requireNonNull(store, "store");
    return this;
  }

  /** Where originals are kept. Default: {@link LocalBlobStore} under {@code data/blobs}. */
  public IliosBuilder blobs(BlobStore blobs) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    return this;
  }

  /** The OCR backend that converts documents. Required. */
  public IliosBuilder ocr(OcrBackend ocr) {
    this.ocr = Objects.requireNonNull(ocr, "ocr");
    return this;
  }

  /**
   * Worker count, 0–{@value #MAX_WORKERS}. Default: the number of processors. 0 makes a node that
   * submits and reads but runs no jobs.
   */
  public IliosBuilder workers(int workers) {
    this.workers = Checks.inRange("workers", workers, 0, MAX_WORKERS);
    return this;
  }

  /**
   * Whether {@link #build()} starts the workers. Default true. With false, jobs are accepted and
   * kept but none runs until {@link Ilios#startWorkers()}: for frameworks that start work only once
   * the application is ready, as the Spring Boot starter does.
   */
  public IliosBuilder startWorkers(boolean start) {
    this.startWorkers = start;
    return this;
  }

  /**
   * Makes the worker threads. Default: daemon platform threads named {@code ilios-worker-N}. Java
   * 21+ callers may pass {@code Thread.ofVirtual().name("ilios-worker-", 1).factory()}.
   */
  public IliosBuilder workerThreads(ThreadFactory factory) {
    this.threadFactory = Objects.requireNonNull(factory, "factory");
    this.executor = null;
    return this;
  }

  /**
   * Registers the handler of a kind of plain job: the worker pool runs every claimed job of {@code
   * type} with it. Submit such jobs with {@link JobQueue#submit(JobType, Object, SubmitOptions)},
   * from this node or another; a node without the handler gives the job back to the queue (the
   * attempt counts).
   *
   * @throws IllegalArgumentException if the type already has a handler
   */
  public <P> IliosBuilder handle(JobType<P> type, JobHandler<P> handler) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(handler, "handler");
    if (handlers.putIfAbsent(type.name(), new PlainJobExecutor<>(type, handler)) != null) {
      throw new IllegalArgumentException("job type '" + type.name() + "' already has a handler");
    }
    return this;
  }

  /**
   * Runs each worker loop as one long task on the caller's executor instead of on threads of
   * Ilios's own. The executor must be able to run all workers at once, and one more for each job
   * abandoned after ignoring its timeout (its worker is replaced); Ilios does not shut it down.
   */
  public IliosBuilder workerExecutor(Executor executor) {
    this.executor = Objects.requireNonNull(executor, "executor");
    this.threadFactory = null;
    return this;
  }

  /** The clock for leases, backoff and timestamps. Default: {@link Clock#systemUTC()}. */
  public IliosBuilder clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /** How long a claim holds a job without a heartbeat, 1 s–1 h. Default 60 s. */
  public IliosBuilder lease(Duration lease) {
    Checks.inRange("lease (ms)", Checks.positive("lease", lease).toMillis(), 1_000, 3_600_000);
    this.lease = lease;
    return this;
  }

  /** How often running jobs' leases are extended; shorter than the lease. Default 20 s. */
  public IliosBuilder heartbeat(Duration interval) {
    Checks.inRange(
        "heartbeat (ms)", Checks.positive("heartbeat", interval).toMillis(), 100, 3_600_000);
    this.heartbeat = interval;
    return this;
  }

  /** How often the store is polled for work not announced in-process, 1 ms–1 h. Default 500 ms. */
  public IliosBuilder pollInterval(Duration interval) {
    Checks.inRange(
        "pollInterval (ms)", Checks.positive("pollInterval", interval).toMillis(), 1, 3_600_000);
    this.pollInterval = interval;
    return this;
  }

  /** How long {@link Ilios#close()} lets running jobs finish, 0–1 h. Default 30 s. */
  public IliosBuilder shutdownGrace(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    Checks.inRange("shutdownGrace (ms)", grace.toMillis(), 0, 3_600_000);
    this.grace = grace;
    return this;
  }

  /** Attempts and backoff. Default {@link RetryPolicy#defaults()}. */
  public IliosBuilder retry(RetryPolicy retry) {
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
