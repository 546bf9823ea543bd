package io.ilios.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.Job;
import io.ilios.JobStatus;
import io.ilios.RetryPolicy;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.NewJob;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.FaultyStore;
import io.ilios.testing.Jobs;
import io.ilios.testing.NoThreadLeaks;
import io.ilios.testing.Pools;
import io.ilios.testing.SettableClock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoThreadLeaks.class)
class WorkerPoolTest {
  @TempDir Path dir;
  SqliteJobStore store;
  final Clock clock = Clock.systemUTC();

  @BeforeEach
  void open() {
    store = SqliteJobStore.open(dir.resolve("ilios.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @RepeatedTest(3)
  void eightWorkersRunTenThousandJobsExactlyOnce() throws Exception {
    int n = 10_000;
    store.enqueue(Jobs.many(n / 2, clock.instant()));
    Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
    CountDownLatch completed = new CountDownLatch(n);
    JobEvents events =
        (job, status, error) -> {
          if (status == JobStatus.COMPLETED) {
            completed.countDown();
          }
        };
    JobExecutor executor =
        job -> {
          runs.computeIfAbsent(job.id(), id -> new AtomicInteger()).incrementAndGet();
          return JobExecutor.Result.of("done " + job.id());
        };
    WorkerPool pool = WorkerPool.started(store, executor, events, Pools.settings(8, clock));
    // The other half arrives while the pool runs, from two submitting threads.
    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread s =
          new Thread(
              () -> {
                for (int i = 0; i < n / 4; i += 50) {
                  store.enqueue(Jobs.many(50, clock.instant()));
                  pool.workAdded(1);
                }
              });
      s.start();
      submitters.add(s);
    }
    for (Thread s : submitters) {
      s.join();
    }
    assertThat(completed.await(120, TimeUnit.SECONDS)).isTrue();
    pool.close();

    assertThat(runs).hasSize(n);
    assertThat(runs.values()).allSatisfy(c -> assertThat(c.get()).isEqualTo(1));
    var counts = store.counts();
    assertThat(counts.completed()).isEqualTo(n);
    assertThat(counts.pending() + counts.processing() + counts.failed()).isZero();
    assertThat(pool.storeErrors()).as("store errors such as SQLITE_BUSY").isZero();
  }

  @Test
  void aSubmitWakesAnIdleWorkerWithoutWaitingForThePoll() throws Exception {
    // A poll interval of an hour: only the direct wake-up can start the job in time.
    var settings =
        Pools.settings(
            2,
            clock,
            Duration.ofSeconds(60),
            Duration.ofMillis(100),
            Duration.ofHours(1),
            Duration.ofSeconds(5),
            "n");
    CountDownLatch ran = new CountDownLatch(1);
    FaultyStore counted = new FaultyStore(store); // never faulty here: it counts claims
    try (WorkerPool pool =
        WorkerPool.started(
            counted,
            job -> {
              ran.countDown();
              return JobExecutor.Result.of("ok");
            },
            JobEvents.NONE,
            settings)) {
      while (counted.claims.get() == 0) {
        Thread.onSpinWait(); // the first (empty) claim pushes the next poll back an hour
      }
      store.enqueue(List.of(Jobs.job(clock.instant())));
      pool.workAdded(1);
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void closeGivesRunningJobsBackWithoutUsingAnAttempt() throws Exception {
    List<Long> ids = store.enqueue(Jobs.many(3, clock.instant()));
    CountDownLatch started = new CountDownLatch(3);
    var settings = Pools.withGrace(3, clock, Duration.ofMillis(200));
    WorkerPool pool =
        WorkerPool.started(
            store,
            job -> {
              started.countDown();
              Thread.sleep(60_000); // interrupted by close() after the grace period
              return JobExecutor.Result.of("never");
            },
            JobEvents.NONE,
            settings);
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    pool.close();
    pool.close(); // idempotent
    for (long id : ids) {
      Job j = store.find("alice", id).orElseThrow();
      assertThat(j.status()).isEqualTo(JobStatus.PENDING);
      assertThat(j.attempts()).isZero();
    }
  }

  @Test
  void closeLetsJobsThatFinishWithinTheGracePeriodComplete() throws Exception {
    long id = store.enqueue(List.of(Jobs.job(clock.instant()))).get(0);
    CountDownLatch started = new CountDownLatch(1);
    WorkerPool pool =
        WorkerPool.started(
            store,
            job -> {
              started.countDown();
              Thread.sleep(300);
              return JobExecutor.Result.of("finished in time");
            },
            JobEvents.NONE,
            Pools.settings(1, clock));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    pool.close();
    Job j = store.find("alice", id).orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(j.result()).contains("finished in time");
  }

  @Test
  void aJobThatRunsPastItsTimeoutIsInterruptedAndFailed() throws Exception {
    long id =
        store
            .enqueue(
                List.of(
                    new NewJob(
                        "alice",
                        "t",
                        5,
                        1,
                        Duration.ofMillis(100),
                        "{}",
                        Optional.empty(),
                        clock.instant())))
            .get(0);
    CountDownLatch failed = new CountDownLatch(1);
    try (WorkerPool pool =
        WorkerPool.started(
            store,
            job -> {
              Thread.sleep(60_000);
              return JobExecutor.Result.of("never");
            },
            (job, status, error) -> {
              if (status == JobStatus.FAILED) {
                failed.countDown();
              }
            },
            Pools.settings(1, clock))) {
      assertThat(failed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(pool.storeErrors()).isZero();
    }
    Job j = store.find("alice", id).orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.FAILED);
    assertThat(j.error()).contains("timed out after 100 ms");
  }

  @Test
  void aTimedOutJobThatIgnoresItsInterruptDoesNotKeepTheDispatcherBusy() throws Exception {
    store.enqueue(
        List.of(
            new NewJob(
                "alice",
                "t",
                5,
                1,
                Duration.ofMillis(50),
                "{}",
                Optional.empty(),
                clock.instant())));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (WorkerPool pool =
        WorkerPool.started(
            store,
            job -> {
              started.countDown();
              while (true) {
                try {
                  release.await(); // a job that swallows interrupts, as badly written code does
                  return JobExecutor.Result.of("late");
                } catch (InterruptedException ignored) {
                  // keep going
                }
              }
            },
            JobEvents.NONE,
            Pools.settings(1, clock))) {
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      Thread dispatcher =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().equals("ilios-dispatcher"))
              .findFirst()
              .orElseThrow();
      ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
      long before = cpu.getThreadCpuTime(dispatcher.getId());
      Thread.sleep(600); // the job is past its timeout for this whole window
      long usedMs = (cpu.getThreadCpuTime(dispatcher.getId()) - before) / 1_000_000;
      release.countDown();
      // A parked dispatcher uses a few ms here; one that spins on the missed deadline uses ~600.
      assertThat(usedMs).isLessThan(200);
      assertThat(pool.storeErrors()).isZero();
    }
  }

  @Test
  void failedAttemptsAreRetriedWithBackoffThenSucceed() throws Exception {
    long id = store.enqueue(List.of(Jobs.job(clock.instant()))).get(0);
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch completed = new CountDownLatch(1);
    try (WorkerPool pool =
        WorkerPool.started(
            store,
            job -> {
              if (calls.incrementAndGet() < 3) {
                throw new IllegalStateException("flaky " + job.attempt());
              }
              return JobExecutor.Result.of("third time lucky");
            },
            (job, status, error) -> {
              if (status == JobStatus.COMPLETED) {
                completed.countDown();
              }
            },
            Pools.settings(1, clock))) {
      assertThat(completed.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(pool.storeErrors()).isZero();
    }
    Job j = store.find("alice", id).orElseThrow();
    assertThat(j.attempts()).isEqualTo(3);
    assertThat(j.result()).contains("third time lucky");
  }

  @Test
  void aWorkerWhoseLeaseWasLostIsStoppedAndCannotOverwriteTheNewAttempt() throws Exception {
    SettableClock time = new SettableClock();
    long id = store.enqueue(List.of(Jobs.job(time.instant()))).get(0);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    try (WorkerPool pool =
        WorkerPool.started(
            store,
            job -> {
              started.countDown();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
              }
              return JobExecutor.Result.of("stale");
            },
            JobEvents.NONE,
            Pools.settings(1, time))) {
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      // Time jumps past the lease: another node rescues the job and claims it again.
      time.advance(Duration.ofMinutes(5));
      store.rescueExpired(time.instant());
      ClaimedJob other = store.claim("other-node", 1, time.instant(), Duration.ofMinutes(1)).get(0);
      assertThat(other.id()).isEqualTo(id);
      // The next heartbeat finds the lease gone and interrupts the worker.
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(pool.storeErrors()).isZero();
    }
    // The other node's attempt is untouched: still running; the only error is the rescue's.
    Job j = store.find("alice", id).orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.PROCESSING);
    assertThat(j.attempts()).isEqualTo(2);
    assertThat(j.result()).isEmpty();
    assertThat(j.error().orElseThrow()).startsWith("lease expired");
  }

  @Test
  void backoffGrowsExponentiallyWithinTheJitterBounds() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.backoff(1, 0.5)).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.backoff(2, 0.5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.backoff(3, 0.5)).isEqualTo(Duration.ofSeconds(20));
    assertThat(p.backoff(1, 0.0)).isEqualTo(Duration.ofSeconds(4));
    assertThat(p.backoff(100, 0.5)).isEqualTo(RetryPolicy.DEFAULT_MAX_BACKOFF);
  }
}
