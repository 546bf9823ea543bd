package io.ilios.jmh;

import io.ilios.JobStatus;
import io.ilios.StoreException;
import io.ilios.internal.worker.JobExecutor;
import io.ilios.internal.worker.WorkerPool;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.JobOutcome;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Eight busy workers over a backlog: the time from "worker ready" (its conversion returned) to
 * "next job in hand", in three designs.
 *
 * <ul>
 *   <li>{@code dispatcher}: Ilios's pool. One dispatcher owns the shared connection, claims for
 *       idle workers and stores their outcomes in batches; workers never touch the store.
 *   <li>{@code sharedLock}: the same shared connection, but each worker writes its own completion
 *       and claims its next job under the lock.
 *   <li>{@code connectionPerThread}: the design Ilios replaces: each worker has its own connection
 *       to the file and relies on SQLite's busy timeout.
 * </ul>
 */
final class ReadyToJob {
  static final int WORKERS = 8;
  private static final Duration LEASE = Duration.ofSeconds(60);

  private ReadyToJob() {}

  /** Runs {@code jobs} jobs through {@code design}; returns the busy errors seen. */
  static long run(String design, int jobs, Latencies out) throws Exception {
    Path dir = Bench.tempDir();
    try {
      return switch (design) {
        case "dispatcher" -> dispatcher(dir, jobs, out);
        case "sharedLock" -> sharedLock(dir, jobs, out);
        case "connectionPerThread" -> connectionPerThread(dir, jobs, out);
        default -> throw new IllegalArgumentException("unknown design " + design);
      };
    } finally {
      Bench.delete(dir);
    }
  }

  private static long dispatcher(Path dir, int jobs, Latencies out) throws Exception {
    try (SqliteJobStore store = Bench.open(dir, SqliteJobStore.Options.defaults())) {
      Bench.backlog(store, jobs);
      CountDownLatch done = new CountDownLatch(jobs);
      ThreadLocal<long[]> readyAt = ThreadLocal.withInitial(() -> new long[1]);
      WorkerPool pool =
          WorkerPool.started(
              store,
              job -> {
                long now = System.nanoTime();
                long[] ready = readyAt.get();
                if (ready[0] != 0) {
                  out.record(now - ready[0]);
                }
                ready[0] = System.nanoTime();
                return JobExecutor.Result.of("ok");
              },
              (job, status, error) -> {
                if (status == JobStatus.COMPLETED) {
                  done.countDown();
                }
              },
              Bench.pool(WORKERS, WORKERS, true));
      try {
        if (!done.await(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException("backlog not finished");
        }
      } finally {
        pool.close();
      }
      return pool.storeErrors();
    }
  }

  private static long sharedLock(Path dir, int jobs, Latencies out) throws Exception {
    try (SqliteJobStore store = Bench.open(dir, SqliteJobStore.Options.defaults())) {
      Bench.backlog(store, jobs);
      AtomicLong busy = new AtomicLong();
      runWorkers(i -> store, out, busy);
      return busy.get();
    }
  }

  private static long connectionPerThread(Path dir, int jobs, Latencies out) throws Exception {
    SqliteJobStore.Options options =
        SqliteJobStore.Options.defaults()
            .withCheckpointInterval(Duration.ZERO)
            .withBusyTimeout(Duration.ofSeconds(5));
    try (SqliteJobStore seed = Bench.open(dir, options)) {
      Bench.backlog(seed, jobs);
    }
    List<SqliteJobStore> stores = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      stores.add(Bench.open(dir, options));
    }
    try {
      AtomicLong busy = new AtomicLong();
      runWorkers(stores::get, out, busy);
      return busy.get();
    } finally {
      for (SqliteJobStore s : stores) {
        s.close();
      }
    }
  }

  interface StoreFor {
    SqliteJobStore store(int worker);
  }

  /** Each worker: complete the previous job, claim the next, until the backlog is empty. */
  private static void runWorkers(StoreFor stores, Latencies out, AtomicLong busy)
      throws InterruptedException {
    Clock clock = Clock.systemUTC();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < WORKERS; i++) {
      SqliteJobStore store = stores.store(i);
      Thread t =
          new Thread(
              () -> {
                ClaimedJob previous = null;
                while (true) {
                  long ready = System.nanoTime();
                  try {
                    if (previous != null) {
                      store.finish(
                          List.of(new JobOutcome.Completed(previous.lease(), "ok")),
                          clock.instant());
                    }
                    List<ClaimedJob> next = store.claim("w", 1, clock.instant(), LEASE);
                    out.record(System.nanoTime() - ready);
                    if (next.isEmpty()) {
                      return;
                    }
                    previous = next.get(0);
                  } catch (StoreException e) {
                    busy.incrementAndGet(); // SQLITE_BUSY after the busy timeout: try again
                  }
                }
              },
              "bench-worker-" + i);
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
