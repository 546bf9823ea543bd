package io.ilios.internal.retention;

import io.ilios.Document;
import io.ilios.internal.convert.Originals;
import io.ilios.spi.BlobStore;
import io.ilios.spi.JobStore;
import io.ilios.spi.StoredDocument;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archives documents whose retention period has passed: cancels their job if it has not ended,
 * deletes the original from the blob store, then deletes the pages and marks the document archived
 * in the store. The original goes first: if its delete fails, the document stays as it is and the
 * next sweep tries again, so no archived document ever points at a blob left behind.
 */
public final class RetentionSweeper implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

  /** How many expired documents one round reads. */
  static final int ROUND = 100;

  private final JobStore store;
  private final BlobStore blobs;
  private final Originals originals;
  private final Clock clock;
  private final LongConsumer cancelled;
  private final Path tempDirectory;
  private final Object sweeping = new Object();
  private ScheduledExecutorService timer;

  /**
   * @param tempDirectory where leftover temporary files are looked for
   * @param cancelled told the job id of every running job the sweep cancelled, to interrupt it
   */
  public RetentionSweeper(
      JobStore store, BlobStore blobs, Clock clock, Path tempDirectory, LongConsumer cancelled) {
    this.tempDirectory = tempDirectory;
    this.store = store;
    this.blobs = blobs;
    this.originals = new Originals(blobs, store);
    this.clock = clock;
    this.cancelled = cancelled;
  }

  /**
   * Sweeps every {@code interval} on a daemon thread, first after at most a minute; leftovers of
   * stopped processes are looked for at once, then with every sweep.
   */
  public synchronized void start(Duration interval) {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ilios-retention");
              t.setDaemon(true);
              return t;
            });
    long period = interval.toMillis();
    timer.execute(this::deleteLeftoversLogged);
    timer.scheduleWithFixedDelay(
        () -> {
          sweepLogged();
          deleteLeftoversLogged();
        },
        Math.min(period, 60_000),
        period,
        TimeUnit.MILLISECONDS);
  }

  private void sweepLogged() {
    try {
      int n = sweep();
      if (n > 0) {
        log.info("archived {} expired documents", n);
      }
    } catch (RuntimeException e) {
      log.warn("retention sweep failed; trying again next time: {}", e.toString());
    }
  }

  private void deleteLeftoversLogged() {
    try {
      deleteLeftovers();
    } catch (RuntimeException e) {
      log.warn("leftover sweep failed; trying again next time: {}", e.toString());
    }
  }

  /** Deletes leftovers of stopped processes older than a day; returns how many. */
  public int deleteLeftovers() {
    synchronized (sweeping) {
      Instant now = clock.instant();
      return Leftovers.deleteTemporaryFiles(tempDirectory, now)
          + Leftovers.deleteUnrecordedOriginals(store, blobs, now);
    }
  }

  /** Archives every document expired now; returns how many. One sweep at a time. */
  public int sweep() {
    synchronized (sweeping) {
      int archived = 0;
      while (true) {
        Instant now = clock.instant();
        List<StoredDocument> expired = store.expiredDocuments(now, ROUND);
        List<String> ready = new ArrayList<>(expired.size());
        for (StoredDocument d : expired) {
          if (prepare(d, now)) {
            ready.add(d.document().id());
          }
        }
        archived += store.archive(ready, now);
        // Stop when the store has no more, or when none of this round could be archived (their
        // originals could not be deleted), so that a failing blob store cannot spin this loop.
        if (expired.size() < ROUND || ready.isEmpty()) {
          return archived;
        }
      }
    }
  }

  /** Cancels the document's job if needed and deletes its original; false if that failed. */
  private boolean prepare(StoredDocument stored, Instant now) {
    Document d = stored.document();
    try {
      if (!d.status().isTerminal()) {
        store.cancel(d.owner(), d.jobId(), now);
        cancelled.accept(d.jobId());
      }
      if (stored.blobKey().isPresent()) {
        originals.delete(stored.blobKey().get());
      }
      return true;
    } catch (RuntimeException e) {
      log.warn("cannot archive document {} yet: {}", d.id(), e.toString());
      return false;
    }
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
