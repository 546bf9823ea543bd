package io.ilios.internal.events;

import io.ilios.Document;
import io.ilios.DocumentListener;
import io.ilios.Job;
import io.ilios.JobListener;
import io.ilios.JobStatus;
import io.ilios.internal.Waiter;
import io.ilios.internal.convert.ConversionRunner;
import io.ilios.internal.json.Json;
import io.ilios.internal.worker.JobEvents;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.JobStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a job ends: waiters wake at once, then, on one event thread of its own, job
 * listeners and document listeners are told and the end of a batch is recorded (once, across
 * processes) and announced. The dispatcher hands ends over without waiting; at most {@link
 * #CAPACITY} wait, and past that listeners miss notifications (counted in a warning) while batch
 * completion is still recorded, so a stuck listener can neither fill the heap nor stall the
 * workers.
 */
public final class JobEnds implements JobEvents, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobEnds.class);

  /** Most job ends waiting for the event thread. */
  public static final int CAPACITY = 100_000;

  private final JobStore store;
  private final Clock clock;
  private final Waiter waiter;
  private final List<JobListener> jobListeners = new CopyOnWriteArrayList<>();
  private final List<DocumentListener> documentListeners = new CopyOnWriteArrayList<>();
  private final ThreadPoolExecutor thread;
  private final AtomicLong skipped = new AtomicLong();

  public JobEnds(JobStore store, Clock clock, Waiter waiter) {
    this.store = store;
    this.clock = clock;
    this.waiter = waiter;
    this.thread =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(CAPACITY),
            r -> {
              Thread t = new Thread(r, "ilios-events");
              t.setDaemon(true);
              return t;
            },
            (task, executor) -> {
              if (task instanceof Ended e) {
                overflowed(e);
              } else {
                countSkipped();
              }
            });
  }

  public void add(JobListener l) {
    jobListeners.add(Objects.requireNonNull(l, "listener"));
  }

  public void remove(JobListener l) {
    jobListeners.remove(l);
  }

  public void add(DocumentListener l) {
    documentListeners.add(Objects.requireNonNull(l, "listener"));
  }

  public void remove(DocumentListener l) {
    documentListeners.remove(l);
  }

  /** On the dispatcher: a job's outcome was stored. Never blocks. */
  @Override
  public void stored(ClaimedJob job, JobStatus status, Optional<String> error) {
    if (!status.isTerminal()) {
      return;
    }
    waiter.wake();
    thread.execute(new Ended(job, status));
  }

  /**
   * A synchronous conversion was stored: document listeners hear of it on the event thread, like
   * the workers' conversions. Never blocks; past {@link #CAPACITY} waiting, it is skipped.
   */
  public void converted(Document d) {
    if (documentListeners.isEmpty() || thread.isShutdown()) {
      return;
    }
    try {
      thread.execute(
          () -> documentListeners.forEach(l -> safely(l, d.jobId(), () -> l.onCompleted(d))));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // shut down meanwhile: nobody is listening any more
    }
  }

  /**
   * A job end waiting for the event thread. Its payload is read there, once, not on the dispatcher
   * that hands it over.
   */
  private final class Ended implements Runnable {
    final ClaimedJob job;
    final JobStatus status;
    private ConversionRunner.Payload payload;
    private boolean read;

    Ended(ClaimedJob job, JobStatus status) {
      this.job = job;
      this.status = status;
    }

    /** The conversion payload; null for other job types. */
    ConversionRunner.Payload payload() {
      if (!read) {
        read = true;
        payload =
            job.type().equals(ConversionRunner.TYPE)
                ? Json.read(job.payload(), ConversionRunner.Payload.class)
                : null;
      }
      return payload;
    }

    @Override
    public void run() {
      tell(this);
    }
  }

  private void tell(Ended e) {
    if (!jobListeners.isEmpty()) {
      store
          .find(e.job.owner(), e.job.id())
          .ifPresent(
              j -> jobListeners.forEach(l -> safely(l, e.job.id(), () -> tellJob(l, j, e.status))));
    }
    if (e.payload() == null) {
      return;
    }
    if (!documentListeners.isEmpty() && e.status != JobStatus.CANCELLED) {
      store
          .findDocument(e.job.owner(), e.payload().documentId())
          .ifPresent(
              d ->
                  documentListeners.forEach(
                      l ->
                          safely(
                              l,
                              e.job.id(),
                              () -> {
                                if (e.status == JobStatus.COMPLETED) {
                                  l.onCompleted(d.document());
                                } else {
                                  l.onFailed(d.document());
                                }
                              })));
    }
    if (recordBatchEnd(e)) {
      store
          .findBatch(e.job.owner(), e.payload().batchId())
          .ifPresent(
              b ->
                  documentListeners.forEach(
                      l -> safely(l, e.job.id(), () -> l.onBatchCompleted(b))));
    }
  }

  private static void tellJob(JobListener l, Job j, JobStatus status) {
    if (status == JobStatus.COMPLETED) {
      l.onCompleted(j);
    } else {
      l.onFailed(j);
    }
  }

  /** Records the end of the job's batch if this was its last document; true only the first time. */
  private boolean recordBatchEnd(Ended e) {
    if (e.payload() == null || e.payload().batchId() == null) {
      return false;
    }
    boolean recorded = store.markBatchCompleted(e.payload().batchId(), clock.instant());
    if (recorded) {
      waiter.wake();
    }
    return recorded;
  }

  /** The queue is full: skip the listeners, still record the end of the batch. */
  private void overflowed(Ended e) {
    countSkipped();
    if (!thread.isShutdown()) {
      recordBatchEnd(e);
    }
  }

  private void countSkipped() {
    long n = skipped.incrementAndGet();
    if (n == 1 || n % 10_000 == 0) {
      log.warn("listeners are {} notifications behind; {} skipped so far", CAPACITY, n);
    }
  }

  private static void safely(Object listener, long jobId, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      log.warn("listener {} failed for job {}: {}", listener, jobId, e.toString());
    }
  }

  /** Tells what is queued, for up to 10 s, then stops. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        thread.shutdownNow();
      }
    } catch (InterruptedException e) {
      thread.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
