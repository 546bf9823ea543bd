package io.ilios.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.Job;
import io.ilios.JobStatus;
import io.ilios.NotFoundException;
import io.ilios.spi.JobOutcome;
import io.ilios.spi.NewJob;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.FaultyStore;
import io.ilios.testing.Jobs;
import io.ilios.testing.NoThreadLeaks;
import io.ilios.testing.Pools;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The pool under faults: a store that refuses one outcome or is down, jobs that never end. */
@ExtendWith(NoThreadLeaks.class)
class WorkerPoolFaultTest {
  @TempDir Path dir;
  SqliteJobStore real;
  FaultyStore store;
  final Clock clock = Clock.systemUTC();

  @BeforeEach
  void open() {
    real = SqliteJobStore.open(dir.resolve("ilios.db"));
    store = new FaultyStore(real);
  }

  @AfterEach
  void close() {
    real.close();
  }

  private static NewJob job(String payload, int attempts, Duration timeout) {
    return new NewJob(
        "alice", "t", 5, attempts, timeout, payload, Optional.empty(), Clock.systemUTC().instant());
  }

  /** Counts terminal events per status. */
  private static final class Ends implements JobEvents {
    final ConcurrentHashMap<JobStatus, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    final CountDownLatch all;

    Ends(int expected) {
      all = new CountDownLatch(expected);
    }

    @Override
    public void stored(io.ilios.spi.ClaimedJob job, JobStatus status, Optional<String> error) {
      if (status.isTerminal()) {
        byStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        all.countDown();
      }
    }
  }

  /** Submits jobs one at a time, each after the last one ended, with the pool told each time. */
  private void submitOneAtATime(boolean commitsWaitForDisk) throws Exception {
    store.commitsWaitForDisk(commitsWaitForDisk);
    Ends ends = new Ends(10);
    try (WorkerPool pool =
        WorkerPool.started(
            store, j -> JobExecutor.Result.of("ok"), ends, Pools.settings(2, clock))) {
      for (int i = 0; i < 10; i++) {
        real.enqueue(List.of(job("{}", 1, Duration.ofMinutes(1))));
        pool.workAdded(1);
        while (ends.all.getCount() > 9 - i) {
          ends.all.await(10, TimeUnit.MILLISECONDS);
        }
      }
      assertThat(ends.all.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void whenCommitsWaitForTheDiskTheSubmittingThreadNeverClaims() throws Exception {
    submitOneAtATime(true);
    assertThat(store.claimingThreads).isNotEmpty().doesNotContain(Thread.currentThread());
  }

  @Test
  void whenCommitsAreCheapTheSubmittingThreadClaimsForIdleWorkers() throws Exception {
    submitOneAtATime(false);
    assertThat(store.claimingThreads).contains(Thread.currentThread());
  }

  @Test
  void anOutcomeTheStoreRefusesFailsOnlyItsOwnJob() throws Exception {
    List<Long> ids = real.enqueue(Jobs.many(20, clock.instant()));
    store.refuse(o -> o instanceof JobOutcome.Completed c && c.result().contains("poison"));
    Ends ends = new Ends(20);
    try (WorkerPool pool =
        WorkerPool.started(
            store,
            j -> JobExecutor.Result.of(j.payload().contains("\"n\":7}") ? "poison" : "fine"),
            ends,
            Pools.settings(4, clock))) {
      assertThat(ends.all.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(pool.abandonedJobs()).isZero();
    }
    for (int i = 0; i < ids.size(); i++) {
      Job j = real.find("alice", ids.get(i)).orElseThrow();
      if (i == 7) {
        assertThat(j.status()).isEqualTo(JobStatus.FAILED);
        assertThat(j.attempts()).isEqualTo(1);
        assertThat(j.error().orElseThrow())
            .startsWith("the result could not be stored: StoreException: finish: value too long");
      } else {
        assertThat(j.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(j.result()).contains("fine");
      }
    }
  }

  @Test
  void aStoreThatIsDownKeepsResultsAndRenewsLeasesOnceItIsBack() throws Exception {
    long first = real.enqueue(List.of(job("{}", 3, Duration.ofMinutes(1)))).get(0);
    long second = real.enqueue(List.of(job("{\"slow\":1}", 3, Duration.ofMinutes(1)))).get(0);
    CountDownLatch bothRunning = new CountDownLatch(2);
    CountDownLatch releaseSlow = new CountDownLatch(1);
    CountDownLatch storeIsDown = new CountDownLatch(1);
    Ends ends = new Ends(2);
    try (WorkerPool pool =
        WorkerPool.started(
            store,
            j -> {
              bothRunning.countDown();
              bothRunning.await();
              if (j.payload().contains("slow")) {
                releaseSlow.await();
              } else {
                storeIsDown.await(); // the fast job's result arrives while the store is down
              }
              return JobExecutor.Result.of("done " + j.id());
            },
            ends,
            Pools.settings(2, clock))) {
      assertThat(bothRunning.await(10, TimeUnit.SECONDS)).isTrue();
      store.down(true);
      storeIsDown.countDown();
      int failedBefore = store.failedCalls.get();
      // The fast job's result, its heartbeats and claims all fail for a while.
      while (store.failedCalls.get() < failedBefore + 10) {
        Thread.onSpinWait();
      }
      assertThat(real.find("alice", first).orElseThrow().status()).isEqualTo(JobStatus.PROCESSING);
      int beats = store.heartbeats.get();
      store.down(false);
      // Once it is back the slow job's lease is renewed again, and the kept result lands.
      while (store.heartbeats.get() < beats + 2) {
        Thread.onSpinWait();
      }
      releaseSlow.countDown();
      assertThat(ends.all.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(pool.storeErrors()).isGreaterThan(0);
    }
    assertThat(real.find("alice", first).orElseThrow().result()).contains("done " + first);
    assertThat(real.find("alice", second).orElseThrow().result()).contains("done " + second);
    assertThat(real.find("alice", first).orElseThrow().attempts()).isEqualTo(1);
  }

  @Test
  void closeReturnsAndStopsEveryThreadWhileTheStoreIsDown() throws Exception {
    real.enqueue(List.of(job("{}", 3, Duration.ofMinutes(1))));
    CountDownLatch ran = new CountDownLatch(1);
    var settings = Pools.withGrace(1, clock, Duration.ofMillis(100));
    WorkerPool pool =
        WorkerPool.started(
            store,
            j -> {
              store.down(true); // the store goes away while the job runs
              ran.countDown();
              return JobExecutor.Result.of("kept until the lease expires");
            },
            JobEvents.NONE,
            settings);
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    pool.close(); // NoThreadLeaks then checks that the dispatcher and the worker have ended
    store.down(false);
    // Nothing was lost: the job is still leased and comes back when the lease expires.
    assertThat(real.counts().processing()).isEqualTo(1);
  }

  @Test
  void aJobThatIgnoresItsTimeoutIsFailedAndItsWorkerReplaced() throws Exception {
    long stuck = real.enqueue(List.of(job("{\"stuck\":1}", 3, Duration.ofMillis(50)))).get(0);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch nextRan = new CountDownLatch(1);
    Ends ends = new Ends(2);
    WorkerPool pool =
        WorkerPool.started(
            store,
            j -> {
              if (!j.payload().contains("stuck")) {
                nextRan.countDown();
                // Run until a heartbeat renews this job, so the pool's leases can be inspected.
                while (store.heartbeatBatches.stream().noneMatch(b -> b.contains(j.id()))) {
                  Thread.onSpinWait();
                }
                return JobExecutor.Result.of("ran on the replacement worker");
              }
              while (true) {
                try {
                  release.await(); // swallows every interrupt, as badly written code does
                  return JobExecutor.Result.of("too late");
                } catch (InterruptedException ignored) {
                  // keep going
                }
              }
            },
            ends,
            Pools.abandoningAfter(Pools.settings(1, clock), Duration.ofMillis(200)));
    try {
      // One worker only: the second job can run only if the stuck worker was replaced.
      long next = real.enqueue(List.of(job("{}", 3, Duration.ofMinutes(1)))).get(0);
      pool.workAdded(1);
      assertThat(nextRan.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(ends.all.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(pool.abandonedJobs()).isEqualTo(1);
      Job j = real.find("alice", stuck).orElseThrow();
      assertThat(j.status()).isEqualTo(JobStatus.FAILED);
      assertThat(j.attempts()).isEqualTo(1);
      assertThat(j.error().orElseThrow())
          .contains("timed out after 50 ms and ignored the interrupt");
      assertThat(real.find("alice", next).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
      // The abandoned job's lease is no longer renewed: no heartbeat that renewed the job run by
      // the replacement worker still carried the abandoned one (before, they all did).
      assertThat(store.heartbeatBatches)
          .filteredOn(b -> b.contains(next))
          .isNotEmpty()
          .allSatisfy(b -> assertThat(b).doesNotContain(stuck));
    } finally {
      pool.close();
      release.countDown(); // the left-behind thread ends by itself now
    }
    // Its late result changed nothing.
    assertThat(real.find("alice", stuck).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
  }

  @Test
  void aTimedOutAttemptIsRetriedOnceByDefault() throws Exception {
    long id = real.enqueue(List.of(job("{}", 3, Duration.ofMillis(50)))).get(0);
    Ends ends = new Ends(1);
    try (WorkerPool pool =
        WorkerPool.started(
            store,
            j -> {
              new CountDownLatch(1).await(); // runs until its timeout interrupts it
              return JobExecutor.Result.of("never");
            },
            ends,
            Pools.settings(1, clock))) {
      assertThat(ends.all.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(pool.abandonedJobs()).isZero();
    }
    Job j = real.find("alice", id).orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.FAILED);
    assertThat(j.attempts()).isEqualTo(2);
    assertThat(j.error()).contains("timed out after 50 ms");
  }

  @Test
  void errorsAndMissingOriginalsAreNotRetried() throws Exception {
    long oom = real.enqueue(List.of(job("{\"oom\":1}", 3, Duration.ofMinutes(1)))).get(0);
    long missing = real.enqueue(List.of(job("{}", 3, Duration.ofMinutes(1)))).get(0);
    Ends ends = new Ends(2);
    try (WorkerPool pool =
        WorkerPool.started(
            store,
            j -> {
              if (j.payload().contains("oom")) {
                throw new OutOfMemoryError("Java heap space (test)");
              }
              throw new NotFoundException("blob", "originals/x");
            },
            ends,
            Pools.settings(2, clock))) {
      assertThat(ends.all.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(pool.abandonedJobs()).isZero();
    }
    Job a = real.find("alice", oom).orElseThrow();
    assertThat(a.attempts()).isEqualTo(1);
    assertThat(a.error()).contains("OutOfMemoryError: Java heap space (test)");
    Job b = real.find("alice", missing).orElseThrow();
    assertThat(b.attempts()).isEqualTo(1);
    assertThat(b.error()).contains("NotFoundException: blob originals/x not found");
  }

  @Test
  void storedErrorsAreOneLineWithoutNulAndBounded() {
    String raw = "bad\u0000byte\nnext line \uD800 " + "x".repeat(10_000);
    String clean = Failures.describe(new IllegalStateException(raw));
    assertThat(clean).doesNotContain("\u0000", "\n", "\uD800").hasSize(Failures.MAX_ERROR_LENGTH);
    assertThat(clean).startsWith("IllegalStateException: bad byte next line");
  }
}
