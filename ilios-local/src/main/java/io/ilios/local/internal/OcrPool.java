package io.ilios.local.internal;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
    String run(Tesseract engine) throws Exception;
  }

  private final String backend;
  private final Path tessdata;
  private final String languages;
  private final ExecutorService threads;
  private final Semaphore room;
  private final ThreadLocal<Tesseract> engine = new ThreadLocal<>();
  private final List<Tesseract> engines = new ArrayList<>();

  public OcrPool(String backend, Path tessdata, String languages, int threadCount) {
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

  /** Checks that the language data loads, on a pool thread. */
  public void warmUp() throws Exception {
    submit(e -> "").get();
  }

  /** Queues a task; blocks while the pool is full. */
  public Future<String> submit(Task task) throws InterruptedException {
    room.acquire();
    try {
      return threads.submit(
          (Callable<String>)
              () -> {
                try {
                  return task.run(engine());
                } finally {
                  room.release();
                }
              });
    } catch (RuntimeException e) {
      room.release();
      throw e;
    }
  }

  /** Recognises a rendered page. */
  public Future<String> recognize(BufferedImage gray, int dpi, Duration timeout)
      throws InterruptedException {
    return submit(e -> e.recognize(gray, dpi, timeout));
  }

  private Tesseract engine() {
    Tesseract e = engine.get();
    if (e == null) {
      e = new Tesseract(backend, tessdata, languages);
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
      threads.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (engines) {
      engines.forEach(Tesseract::close);
      engines.clear();
    }
  }
}
