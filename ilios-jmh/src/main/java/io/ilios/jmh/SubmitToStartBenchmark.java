package io.ilios.jmh;

import io.ilios.internal.worker.JobEvents;
import io.ilios.internal.worker.JobExecutor;
import io.ilios.internal.worker.WorkerPool;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * From submit to the job starting on a worker, on an idle pool: the enqueue commit, the direct
 * wake-up of the dispatcher, the claim, and the hand-off to a worker. The benchmark thread
 * spin-waits for the start so that its own wake-up is not part of the figure. Between invocations
 * (untimed) it waits until the previous job's completion is stored, so every submission meets an
 * idle pool.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SubmitToStartBenchmark {
  private Path dir;
  private SqliteJobStore store;
  private WorkerPool pool;
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong stored = new AtomicLong();
  private long submitted;
  private final Clock clock = Clock.systemUTC();

  @Setup(Level.Trial)
  public void start() {
    dir = Bench.tempDir();
    store = Bench.open(dir, SqliteJobStore.Options.defaults());
    JobEvents events = (job, status, error) -> stored.incrementAndGet();
    pool =
        WorkerPool.started(
            store,
            job -> {
              started.incrementAndGet();
              return JobExecutor.Result.of("ok");
            },
            events,
            Bench.pool(2, 2, true));
  }

  @Setup(Level.Invocation)
  public void waitForIdlePool() {
    while (stored.get() < submitted) {
      Thread.onSpinWait();
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    pool.close();
    store.close();
    Bench.delete(dir);
  }

  @Benchmark
  public long submitToStart() {
    long target = ++submitted;
    store.enqueue(Bench.jobs(1, clock.instant()));
    pool.workAdded(1);
    long s;
    while ((s = started.get()) < target) {
      Thread.onSpinWait();
    }
    return s;
  }
}
