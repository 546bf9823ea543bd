package io.ilios.jmh;

import io.ilios.JobStatus;
import io.ilios.internal.worker.JobExecutor;
import io.ilios.internal.worker.WorkerPool;
import io.ilios.postgres.PostgresJobStore;
import io.ilios.postgres.PostgresServer;
import io.ilios.spi.JobStore;
import io.ilios.spi.NewJob;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Jobs per second. {@code fullCycle}: submit, claim, a no-op conversion and complete, through the
 * real worker pool, either one job per statement ({@code single}: one job per submit, one per
 * claim, one completion per transaction) or batched (100 jobs per submit, claims for all idle
 * workers at once, completions stored together). {@code batchSubmit}: enqueueing 1,000 jobs per
 * transaction. {@code fullCyclePostgres}: the same cycle over Postgres (a local server, {@code
 * synchronous_commit=on}, 10 pooled connections).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class ThroughputBenchmark {
  static final int JOBS_PER_CYCLE = 10_000;
  static final int PG_JOBS_PER_CYCLE = 2_000;
  static final int SUBMIT_BATCH = 1_000;
  static final int WORKERS = 8;

  /** A store and a running pool whose no-op jobs count down the current latch. */
  @State(Scope.Benchmark)
  public static class Pool {
    @Param({"single", "batched"})
    public String mode;

    private Path dir;
    SqliteJobStore store;
    WorkerPool pool;
    final AtomicReference<CountDownLatch> completed = new AtomicReference<>();

    @Setup(Level.Trial)
    public void start() {
      dir = Bench.tempDir();
      store = Bench.open(dir, SqliteJobStore.Options.defaults());
      pool = startPool(store, completed, mode.equals("batched"));
    }

    @TearDown(Level.Trial)
    public void stop() {
      pool.close();
      store.close();
      Bench.delete(dir);
    }
  }

  /** A pool of no-op jobs that count down the current latch as they complete. */
  static WorkerPool startPool(
      JobStore store, AtomicReference<CountDownLatch> completed, boolean batched) {
    return WorkerPool.started(
        store,
        job -> JobExecutor.Result.of("ok"),
        (job, status, error) -> {
          if (status == JobStatus.COMPLETED) {
            completed.get().countDown();
          }
        },
        Bench.pool(WORKERS, batched ? WORKERS : 1, batched));
  }

  @Benchmark
  @OperationsPerInvocation(JOBS_PER_CYCLE)
  public void fullCycle(Pool p) throws InterruptedException {
    cycle(p.store, p.pool, p.completed, p.mode, JOBS_PER_CYCLE);
  }

  /** The same pool over Postgres (a local server, {@code synchronous_commit=on}). */
  @State(Scope.Benchmark)
  public static class PgPool {
    @Param({"single", "batched"})
    public String mode;

    PostgresServer server;
    PostgresJobStore store;
    WorkerPool pool;
    final AtomicReference<CountDownLatch> completed = new AtomicReference<>();

    @Setup(Level.Trial)
    public void start() {
      server = Bench.postgres();
      store = Bench.postgres(server, 10);
      pool = startPool(store, completed, mode.equals("batched"));
    }

    @TearDown(Level.Trial)
    public void stop() {
      pool.close();
      store.close();
      Bench.stop(server);
    }
  }

  @Benchmark
  @OperationsPerInvocation(PG_JOBS_PER_CYCLE)
  public void fullCyclePostgres(PgPool p) throws InterruptedException {
    cycle(p.store, p.pool, p.completed, p.mode, PG_JOBS_PER_CYCLE);
  }

  private static void cycle(
      JobStore store,
      WorkerPool pool,
      AtomicReference<CountDownLatch> completed,
      String mode,
      int jobs)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(jobs);
    completed.set(done);
    Clock clock = Clock.systemUTC();
    int perSubmit = mode.equals("batched") ? 100 : 1;
    for (int i = 0; i < jobs; i += perSubmit) {
      store.enqueue(Bench.jobs(perSubmit, clock.instant()));
      pool.workAdded(perSubmit);
    }
    if (!done.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("jobs did not complete");
    }
  }

  /** An empty store, renewed each iteration so the table does not grow without bound. */
  @State(Scope.Thread)
  public static class EmptyStore {
    private Path dir;
    SqliteJobStore store;
    List<NewJob> batch;

    @Setup(Level.Iteration)
    public void open() {
      dir = Bench.tempDir();
      store = Bench.open(dir, SqliteJobStore.Options.defaults());
      batch = Bench.jobs(SUBMIT_BATCH, Clock.systemUTC().instant());
    }

    @TearDown(Level.Iteration)
    public void close() {
      store.close();
      Bench.delete(dir);
    }
  }

  @Benchmark
  @OperationsPerInvocation(SUBMIT_BATCH)
  public List<Long> batchSubmit(EmptyStore s) {
    return s.store.enqueue(s.batch);
  }
}
