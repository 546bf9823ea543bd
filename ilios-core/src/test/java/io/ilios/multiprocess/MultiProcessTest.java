package io.ilios.multiprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.JobCounts;
import io.ilios.JobStatus;
import io.ilios.internal.worker.JobEvents;
import io.ilios.internal.worker.JobExecutor;
import io.ilios.internal.worker.WorkerPool;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.ChildProcesses;
import io.ilios.testing.Jobs;
import io.ilios.testing.NoThreadLeaks;
import io.ilios.testing.Pools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs on one database file: exactly-once holds across processes and crashes. */
@ExtendWith(NoThreadLeaks.class)
class MultiProcessTest {
  @TempDir Path dir;

  @Test
  void twoProcessesClaimingFromOneFileRunEveryJobExactlyOnce() throws Exception {
    Path db = dir.resolve("ilios.db");
    int n = 3_000;
    seed(db, n);
    Path logA = dir.resolve("a.log");
    Path logB = dir.resolve("b.log");
    Process a = ChildProcesses.startWorker(db, logA, 4, 0, 10_000);
    Process b = ChildProcesses.startWorker(db, logB, 4, 0, 10_000);
    assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(b.waitFor(120, TimeUnit.SECONDS)).isTrue();
    for (String name : List.of("a", "b")) {
      String out = Files.readString(dir.resolve(name + ".log.out"));
      assertThat((name.equals("a") ? a : b).exitValue()).as(out).isZero();
      assertThat(out).contains("store errors: 0");
    }

    List<Long> all = new ArrayList<>(ids(logA));
    all.addAll(ids(logB));
    assertThat(all).hasSize(n).doesNotHaveDuplicates();
    assertThat(ids(logA)).as("both processes took part").isNotEmpty();
    assertThat(ids(logB)).as("both processes took part").isNotEmpty();
    try (SqliteJobStore store = SqliteJobStore.open(db)) {
      assertThat(store.counts().completed()).isEqualTo(n);
      assertThat(store.counts().total()).isEqualTo(n);
    }
  }

  @Test
  void aKilledProcessesJobsAreFinishedByTheNextOneNoneTwiceNoneLost() throws Exception {
    Path db = dir.resolve("ilios.db");
    int n = 2_000;
    seed(db, n);
    Path childLog = dir.resolve("child.log");
    Process child = ChildProcesses.startWorker(db, childLog, 4, 2, 1_000);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (ids(childLog).size() < 200 && System.nanoTime() < deadline && child.isAlive()) {
      Thread.sleep(10); // polling the child's progress: there is no latch across processes
    }
    assertThat(child.isAlive()).as("child still working when killed").isTrue();
    child.destroyForcibly(); // SIGKILL: no shutdown hooks, no graceful close
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

    List<Long> byChild = ids(childLog);
    ConcurrentLinkedQueue<Long> byParent = new ConcurrentLinkedQueue<>();
    try (SqliteJobStore store = SqliteJobStore.open(db)) {
      JobCounts afterKill = store.counts();
      assertThat(afterKill.processing()).as("jobs the child held").isPositive();
      int remaining = (int) (afterKill.pending() + afterKill.processing());
      CountDownLatch done = new CountDownLatch(remaining);
      JobEvents events =
          (job, status, error) -> {
            if (status == JobStatus.COMPLETED) {
              byParent.add(job.id());
              done.countDown();
            }
          };
      var settings =
          Pools.settings(
              4,
              Clock.systemUTC(),
              Duration.ofSeconds(1),
              Duration.ofMillis(200),
              Duration.ofMillis(20),
              Duration.ofSeconds(5),
              "parent");
      try (WorkerPool pool =
          WorkerPool.started(
              store, job -> JobExecutor.Result.of("done by parent"), events, settings)) {
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(pool.storeErrors()).isZero();
      }
      assertThat(store.counts().completed()).isEqualTo(n);
      assertThat(store.counts().total()).isEqualTo(n);
    }
    Set<Long> union = new HashSet<>(byChild);
    assertThat(byChild).doesNotHaveDuplicates();
    assertThat(byParent).doesNotHaveDuplicates();
    for (long id : byParent) {
      assertThat(union.add(id)).as("job %d completed by both processes", id).isTrue();
    }
    // A job the child committed just before the kill may be missing from its log, never doubled.
    assertThat(union.size()).isBetween(n - 4, n);
  }

  /** Creates the database with {@code n} pending jobs, then closes it for the processes. */
  private static void seed(Path db, int n) {
    try (SqliteJobStore store = SqliteJobStore.open(db)) {
      store.enqueue(Jobs.many(n, Clock.systemUTC().instant()));
    }
  }

  private static List<Long> ids(Path log) throws Exception {
    if (!Files.exists(log)) {
      return List.of();
    }
    String content = Files.readString(log);
    // Only whole lines: a process killed mid-write may leave a partial last line.
    String complete = content.substring(0, content.lastIndexOf('\n') + 1);
    List<Long> ids = new ArrayList<>();
    for (String line : complete.split("\n")) {
      if (!line.isBlank()) {
        ids.add(Long.parseLong(line));
      }
    }
    return ids;
  }
}
