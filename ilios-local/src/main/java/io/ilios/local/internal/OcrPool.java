package io.ilios.local.internal;

import io.ilios.OcrException;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that each own one Tesseract engine, so pages are recognised in parallel with
 * single-threaded engines. At most two pages per thread wait or run at once: rendered pages are
 * large, and the caller renders the next only when there is room.
 */
public final class OcrPool implements AutoCloseable {
  /** Recognises with the calling pool thread's engine. */
  @FunctionalInterface
  public interface Task {
    OcrPage run(Tesseract engine) throws Exception;
  }

  private final String backend;
  private final Path tessdata;
  private final String languages;
  private final Path orientationData;
  private final ExecutorService threads;
  private final Semaphore room;
  private final ThreadLocal<Tesseract> engine = new ThreadLocal<>();
  private final List<Tesseract> engines = new ArrayList<>();

  public OcrPool(
      String backend, Path tessdata, String languages, Path orientationData, int threadCount) {
    this.orientationData = orientationData;
    this.backend = backend;
    this.tessdata = tessdata;
    this.languages = languages;
    AtomicInteger n = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            threadCount,
            r -> {
              Thread t = new Thread(r, "ilios-ocr-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.room = new Semaphore(2 * threadCount);
  }

  /** Checks that every language's data file is there, without starting Tesseract. */
  public void checkLanguages() {
    Tesseract.checkLanguages(tessdata, languages);
  }

  /** A queued task: its result, and when a pool thread started it. */
  public static final class Job {
    private volatile long startedAt;
    private Future<OcrPage> future;

    /**
     * Waits for the result. Gives up {@code timeout} plus a grace second after the task started
     * (time spent queued behind other pages does not count): native code that ignores its own
     * deadline is left to finish in the background, and the caller gets its error now.
     */
    public OcrPage await(Duration timeout, String what, String backend)
        throws InterruptedException {
      long limit = timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
      while (true) {
        try {
          return future.get(100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          long started = startedAt;
          if (started != 0 && System.nanoTime() - started > limit) {
            future.cancel(true);
            throw new OcrException(
                backend,
                "OCR of " + what + " took longer than " + timeout.toMillis() + " ms",
                true);
          }
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException r) {
            throw r;
          }
          throw new OcrException(backend, "OCR of " + what + " failed: " + e.getCause(), true);
        } catch (InterruptedException e) {
          future.cancel(true);
          throw e;
        }
      }
    }
  }

  /** Cancels every job given (queued ones never run, running ones are interrupted). */
  public static void cancelAll(List<Job> jobs) {
    for (Job j : jobs) {
      if (j != null) {
        j.future.cancel(true);
      }
    }
  }

  /** Queues a task; blocks while the pool is full. */
  public Job submit(Task task) throws InterruptedException {
    room.acquire();
    Job job = new Job();
    try {
      job.future =
          threads.submit(
              (Callable<OcrPage>)
                  () -> {
                    job.startedAt = System.nanoTime();
                    try {
                      return task.run(engine());
                    } finally {
                      room.release();
                    }
                  });
      return job;
    } catch (RuntimeException e) {
      room.release();
      throw e;
    }
  }

  /** Recognises a rendered page. */
  public Job recognize(BufferedImage gray, int dpi, Duration timeout) throws InterruptedException {
    return submit(e -> e.recognize(gray, dpi, timeout));
  }

  private Tesseract engine() {
    Tesseract e = engine.get();
    if (e == null) {
      e = new Tesseract(backend, tessdata, languages, orientationData);
      engine.set(e);
      synchronized (engines) {
        engines.add(e);
      }
    }
    return e;
  }

  @Override
  public void close() {
    threads.shutdownNow();
    try {
      // An engine past its deadline in native code finishes its page first; then it is freed.
      threads.awaitTermination(5, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (engines) {
      engines.forEach(Tesseract::close);
      engines.clear();
    }
  }
}
