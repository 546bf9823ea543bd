package io.ilios;

import io.ilios.blob.LocalBlobStore;
import io.ilios.internal.Waiter;
import io.ilios.internal.convert.ConversionRunner;
import io.ilios.internal.convert.Originals;
import io.ilios.internal.convert.Uploader;
import io.ilios.internal.events.JobEnds;
import io.ilios.internal.retention.Leftovers;
import io.ilios.internal.retention.RetentionSweeper;
import io.ilios.internal.worker.JobDispatcher;
import io.ilios.internal.worker.JobExecutor;
import io.ilios.internal.worker.NodeIds;
import io.ilios.internal.worker.PoolSettings;
import io.ilios.internal.worker.WorkerPool;
import io.ilios.spi.BlobStore;
import io.ilios.spi.JobStore;
import io.ilios.store.SqliteJobStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
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
 * <p>Thread-safe. {@link #close()} stops the workers gracefully (see {@link
 * IliosBuilder#shutdownGrace}) and closes the stores Ilios opened itself, never the ones the caller
 * passed in.
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
  private final Keys keys;
  private final SharedQuotas quotas;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object workersLock = new Object();
  private WorkerState workerState = WorkerState.NEW; // guarded by workersLock
  private final String backendName;

  Ilios(IliosBuilder b) {
    this.ownsStore = b.store == null;
    this.store = ownsStore ? SqliteJobStore.open(SqliteJobStore.DEFAULT_PATH) : b.store;
    this.backendName = b.ocr.name();
    this.clock = b.clock;
    this.ends = new JobEnds(store, b.clock, waiter);
    this.uploads = boundedPool("ilios-upload", b.uploadConcurrency);
    this.conversions = Executors.newCachedThreadPool(daemonThreads("ilios-convert", true));
    try {
      BlobStore blobs = b.blobs != null ? b.blobs : LocalBlobStore.at(LocalBlobStore.DEFAULT_ROOT);
      Leftovers.deleteTemporaryFiles(b.tempDirectory, b.clock.instant());
      Originals originals = new Originals(blobs, store);
      ConversionRunner conversion =
          new ConversionRunner(originals, b.ocr, b.prices, b.tempDirectory);
      Map<String, JobExecutor> executors = new HashMap<>(b.handlers);
      executors.put(ConversionRunner.TYPE, conversion);
      this.pool =
          b.workers == 0
              ? null
              : new WorkerPool(store, new JobDispatcher(executors), ends, poolSettings(b));
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
          new Uploader(
              blobs,
              b.ocr.name(),
              b.ocr.supportedMimeTypes(),
              b.maxDocumentSize,
              b.originalsInStoreUpTo);
      this.documents = new Documents(store, originals, waiter, sweeper, ends);
      this.jobs =
          new DefaultJobQueue(
              store,
              blobs,
              uploader,
              uploads,
              b.retry,
              b.clock,
              pool,
              waiter,
              documents,
              ends,
              b.handlers.keySet());
      this.converter =
          new DefaultDocumentConverter(
              store,
              blobs,
              uploader,
              conversion,
              conversions,
              b.maxConcurrentConversions,
              b.clock,
              ends);
      this.usage = new Usage(store);
      this.keys = new Keys(store, b.clock);
      this.quotas = new SharedQuotas(store);
      if (!b.sweepInterval.isZero()) {
        sweeper.start(b.sweepInterval);
      }
      if (b.startWorkers) {
        startWorkers();
      }
    } catch (RuntimeException e) {
      shutDownThreads();
      if (ownsStore) {
        store.close(); // nothing Ilios opened outlives a failed build
      }
      throw e;
    }
  }

  private enum WorkerState {
    NEW,
    RUNNING,
    STOPPED
  }

  /**
   * Starts the workers, when {@link IliosBuilder#startWorkers(boolean)} left them stopped; jobs
   * queued meanwhile, and those a crashed process of this host left running, run from now on.
   * Idempotent while they run.
   *
   * @throws IllegalStateException if the workers were stopped or Ilios is closed: a pool does not
   *     restart, build a new {@code Ilios}
   */
  public void startWorkers() {
    synchronized (workersLock) {
      if (closed.get() || workerState == WorkerState.STOPPED) {
        throw new IllegalStateException(
            "the workers of this Ilios were stopped; build a new Ilios to run jobs again");
      }
      if (workerState == WorkerState.RUNNING) {
        return;
      }
      workerState = WorkerState.RUNNING;
      if (pool != null) {
        rescueStranded();
        pool.start(); // only now: a job left from an earlier run may finish at once
        jobsListener = pool::jobsAddedElsewhere;
        store.addJobsListener(jobsListener);
      }
    }
  }

  /**
   * Stops the workers as {@link #close()} does (running jobs finish within the shutdown grace, the
   * rest go back to the queue) but keeps everything else open: submits, reads and conversions on
   * the calling thread still work, and queued jobs wait for the next process. Idempotent; final.
   */
  public void stopWorkers() {
    synchronized (workersLock) {
      WorkerState was = workerState;
      workerState = WorkerState.STOPPED;
      if (was != WorkerState.RUNNING || pool == null) {
        return;
      }
      store.removeJobsListener(jobsListener);
    }
    pool.close();
  }

  /** Whether the workers run: started and not stopped, and Ilios has at least one worker. */
  public boolean workersRunning() {
    synchronized (workersLock) {
      return pool != null && workerState == WorkerState.RUNNING;
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
  public static IliosBuilder builder() {
    return new IliosBuilder();
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
   * How many store calls of the worker pool failed since start (claims, saves, heartbeats; each is
   * retried): 0 in a healthy deployment, for monitoring. 0 without workers.
   */
  public int storeErrors() {
    return pool == null ? 0 : pool.storeErrors();
  }

  /** Per-owner request buckets and slots in the job store, shared by every node that uses it. */
  public SharedQuotas quotas() {
    return quotas;
  }

  /** API keys kept in the job store, for servers in front of Ilios. */
  public Keys keys() {
    return keys;
  }

  /** The name of the OCR backend documents are converted with, as it reports it. */
  public String backendName() {
    return backendName;
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
    stopWorkers();
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

  private static PoolSettings poolSettings(IliosBuilder b) {
    PoolSettings.Builder p =
        PoolSettings.builder()
            .workers(b.workers)
            .lease(b.lease)
            .heartbeatInterval(b.heartbeat)
            .pollInterval(b.pollInterval)
            .grace(b.grace)
            .abandonAfter(IliosBuilder.TIMEOUT_GRACE)
            .retry(b.retry)
            .clock(b.clock);
    if (b.threadFactory != null) {
      p.threadFactory(b.threadFactory);
    }
    return p.executor(b.executor).build();
  }
}
