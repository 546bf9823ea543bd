package io.ilios.jmh;

import io.ilios.postgres.PostgresJobStore;
import io.ilios.postgres.PostgresServer;
import io.ilios.spi.ClaimedJob;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Latency of claiming one job with one statement on the shared connection (SQLite, WAL,
 * synchronous=NORMAL), over a backlog of pending jobs. Side by side: WAL checkpoints on Ilios's
 * background thread versus SQLite's automatic checkpoint inside commits. {@code claimOnePostgres}:
 * the same claim on Postgres (a local server, {@code synchronous_commit=on}).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClaimBenchmark {
  private static final Clock CLOCK = Clock.systemUTC();
  private static final Duration LEASE = Duration.ofSeconds(60);

  /** A store with a backlog, renewed each iteration. */
  @State(Scope.Thread)
  public static class Backlog {
    /** Enough pending jobs that one iteration never runs out. */
    static final int JOBS = 300_000;

    @Param({"background", "automatic"})
    public String checkpoint;

    private Path dir;
    SqliteJobStore store;

    @Setup(Level.Iteration)
    public void fill() {
      dir = Bench.tempDir();
      SqliteJobStore.Options options = SqliteJobStore.Options.defaults();
      if (checkpoint.equals("automatic")) {
        options = options.withCheckpointInterval(Duration.ZERO);
      }
      store = Bench.open(dir, options);
      Bench.backlog(store, JOBS);
    }

    @TearDown(Level.Iteration)
    public void drop() {
      store.close();
      Bench.delete(dir);
    }
  }

  /** Eight busy workers over a backlog, in three designs; see {@link ReadyToJob}. */
  @State(Scope.Benchmark)
  public static class EightWorkers {
    static final int JOBS = 20_000;

    @Param({"dispatcher", "sharedLock", "connectionPerThread"})
    public String design;

    final Latencies latencies = new Latencies(JOBS * 10);
    long busyErrors;
    boolean measuring;

    @Setup(Level.Iteration)
    public void iteration(IterationParams params) {
      measuring = params.getType() == IterationType.MEASUREMENT;
    }

    @TearDown(Level.Trial)
    public void report() {
      System.out.println();
      System.out.println(
          "ready-to-job " + design + ": " + latencies.summary() + " busy=" + busyErrors);
      latencies.write("ready-to-job-" + design, busyErrors);
    }
  }

  /**
   * One run of {@value EightWorkers#JOBS} jobs through eight workers. The score is the run's time;
   * the ready-to-job percentiles and busy errors are printed and written to {@code
   * ilios-jmh/results/ready-to-job-DESIGN.json}.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 5)
  public long eightWorkersReadyToJob(EightWorkers state) throws Exception {
    Latencies sink = state.measuring ? state.latencies : new Latencies(EightWorkers.JOBS);
    long busy = ReadyToJob.run(state.design, EightWorkers.JOBS, sink);
    if (state.measuring) {
      state.busyErrors += busy;
    }
    return busy;
  }

  /** A Postgres store with a backlog, on a new database each iteration. */
  public abstract static class PgStore {
    PostgresServer server;
    PostgresJobStore store;

    abstract int jobs();

    abstract int connections();

    @Setup(Level.Trial)
    public void start() {
      server = Bench.postgres();
    }

    @Setup(Level.Iteration)
    public void fill() {
      store = Bench.postgres(server, connections());
      Bench.backlog(store, jobs());
    }

    @TearDown(Level.Iteration)
    public void drop() {
      store.close();
    }

    @TearDown(Level.Trial)
    public void stop() {
      Bench.stop(server);
    }
  }

  /** For one claiming thread: a claim takes about 0.3 ms, so 40,000 jobs last an iteration. */
  @State(Scope.Thread)
  public static class PgBacklog extends PgStore {
    @Override
    int jobs() {
      return 40_000;
    }

    @Override
    int connections() {
      return 2;
    }
  }

  /** Shared by eight claiming threads, one connection each. */
  @State(Scope.Benchmark)
  public static class PgSharedBacklog extends PgStore {
    @Override
    int jobs() {
      return 120_000;
    }

    @Override
    int connections() {
      return 8;
    }
  }

  /** Eight threads claiming one job at a time from one Postgres queue (SPEC: p99 ≤ 3 ms). */
  @Benchmark
  @Threads(8)
  public List<ClaimedJob> claimOnePostgresEightThreads(PgSharedBacklog b) {
    List<ClaimedJob> claimed = b.store.claim("bench", 1, CLOCK.instant(), LEASE);
    if (claimed.isEmpty()) {
      throw new IllegalStateException("backlog exhausted: raise PgSharedBacklog.jobs()");
    }
    return claimed;
  }

  /** One claim statement ({@code FOR UPDATE SKIP LOCKED}) taking one job, on Postgres. */
  @Benchmark
  public List<ClaimedJob> claimOnePostgres(PgBacklog b) {
    List<ClaimedJob> claimed = b.store.claim("bench", 1, CLOCK.instant(), LEASE);
    if (claimed.isEmpty()) {
      throw new IllegalStateException("backlog exhausted: raise PgBacklog.jobs()");
    }
    return claimed;
  }

  /** One claim statement taking one job, on the shared connection. */
  @Benchmark
  public List<ClaimedJob> claimOne(Backlog b) {
    List<ClaimedJob> claimed = b.store.claim("bench", 1, CLOCK.instant(), LEASE);
    if (claimed.isEmpty()) {
      throw new IllegalStateException("backlog exhausted: raise Backlog.JOBS");
    }
    return claimed;
  }
}
