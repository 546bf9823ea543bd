package io.ilios.store;

import static io.ilios.testing.Jobs.job;
import static io.ilios.testing.Jobs.keyed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.Job;
import io.ilios.JobStatus;
import io.ilios.NotFoundException;
import io.ilios.StoreException;
import io.ilios.internal.sqlite.Migrations;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.JobOutcome;
import io.ilios.spi.Lease;
import io.ilios.testing.Jobs;
import io.ilios.testing.NoThreadLeaks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoThreadLeaks.class)
class SqliteJobStoreTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Duration LEASE = Duration.ofSeconds(60);

  @TempDir Path dir;
  SqliteJobStore store;

  @BeforeEach
  void open() {
    store = SqliteJobStore.open(dir.resolve("sub/ilios.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void claimTakesHighestPriorityFirstThenFifo() {
    List<Long> ids =
        store.enqueue(
            List.of(
                job("a", 1, T0),
                job("a", 9, T0.plusMillis(2)),
                job("a", 9, T0.plusMillis(1)),
                job("a", 5, T0)));
    List<Long> order = List.of(ids.get(2), ids.get(1), ids.get(3), ids.get(0));
    for (long expected : order) {
      List<ClaimedJob> c = store.claim("w", 1, T0.plusSeconds(1), LEASE);
      assertThat(c).extracting(ClaimedJob::id).containsExactly(expected);
    }
    assertThat(store.claim("w", 1, T0.plusSeconds(1), LEASE)).isEmpty();
  }

  @Test
  void oneClaimTakesSeveralJobsInPriorityOrder() {
    List<Long> ids = store.enqueue(List.of(job("a", 1, T0), job("a", 7, T0), job("a", 3, T0)));
    List<ClaimedJob> c = store.claim("w", 2, T0, LEASE);
    assertThat(c).extracting(ClaimedJob::id).containsExactly(ids.get(1), ids.get(2));
    assertThat(c).allSatisfy(j -> assertThat(j.attempt()).isEqualTo(1));
    assertThat(store.counts().processing()).isEqualTo(2);
    assertThat(store.counts().pending()).isEqualTo(1);
  }

  @Test
  void aClaimOfSeveralJobsReturnsThemInQueueOrderIncludingRetries() {
    long retried = store.enqueue(List.of(job("a", 9, T0))).get(0);
    ClaimedJob first = store.claim("w", 1, T0, LEASE).get(0);
    store.finish(
        List.of(new JobOutcome.Failed(first.lease(), "boom", true, T0.plusSeconds(5))), T0);
    long later = store.enqueue(List.of(job("a", 9, T0.plusSeconds(1)))).get(0);
    // Same priority: the job submitted at +1 s runs before the retry scheduled at +5 s.
    assertThat(store.claim("w", 2, T0.plusSeconds(6), LEASE))
        .extracting(ClaimedJob::id)
        .containsExactly(later, retried);
  }

  @Test
  void jobsScheduledInTheFutureAreNotClaimedEarly() {
    store.enqueue(List.of(job(T0.plusSeconds(10))));
    assertThat(store.claim("w", 1, T0.plusSeconds(9), LEASE)).isEmpty();
    assertThat(store.claim("w", 1, T0.plusSeconds(10), LEASE)).hasSize(1);
  }

  @Test
  void completionWithAStaleTokenIsRejected() {
    long id = store.enqueue(List.of(job(T0))).get(0);
    ClaimedJob first = store.claim("w1", 1, T0, LEASE).get(0);
    // The lease expires; the job is rescued and claimed again by another worker.
    assertThat(store.rescueExpired(T0.plus(LEASE).plusMillis(1))).isEqualTo(1);
    ClaimedJob second = store.claim("w2", 1, T0.plus(LEASE).plusMillis(2), LEASE).get(0);
    assertThat(second.lease().token()).isGreaterThan(first.lease().token());
    assertThat(second.attempt()).isEqualTo(2);

    Instant now = T0.plus(LEASE).plusSeconds(1);
    assertThat(store.finish(List.of(new JobOutcome.Completed(first.lease(), "stale")), now))
        .containsExactly(false);
    assertThat(
            store.finish(List.of(new JobOutcome.Failed(first.lease(), "stale", false, now)), now))
        .containsExactly(false);
    assertThat(store.heartbeat(List.of(first.lease()), now.plus(LEASE)))
        .containsExactly(first.lease());
    assertThat(store.finish(List.of(new JobOutcome.Completed(second.lease(), "fresh")), now))
        .containsExactly(true);

    Job job = store.find("alice", id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
    assertThat(job.result()).contains("fresh");
  }

  @Test
  void retryableFailureGoesBackToPendingUntilAttemptsRunOut() {
    long id = store.enqueue(List.of(job(T0))).get(0);
    Instant now = T0;
    for (int attempt = 1; attempt <= 3; attempt++) {
      ClaimedJob c = store.claim("w", 1, now, LEASE).get(0);
      assertThat(c.attempt()).isEqualTo(attempt);
      Instant retryAt = now.plusSeconds(5);
      store.finish(
          List.of(new JobOutcome.Failed(c.lease(), "boom " + attempt, true, retryAt)), now);
      Job j = store.find("alice", id).orElseThrow();
      if (attempt < 3) {
        assertThat(j.status()).isEqualTo(JobStatus.PENDING);
        assertThat(j.scheduledAt()).isEqualTo(retryAt);
        assertThat(store.claim("w", 1, retryAt.minusMillis(1), LEASE)).isEmpty();
      } else {
        assertThat(j.status()).isEqualTo(JobStatus.FAILED);
        assertThat(j.error()).contains("boom 3");
        assertThat(j.finishedAt()).contains(now);
      }
      now = retryAt;
    }
  }

  @Test
  void nonRetryableFailureFailsAtOnce() {
    long id = store.enqueue(List.of(job(T0))).get(0);
    ClaimedJob c = store.claim("w", 1, T0, LEASE).get(0);
    store.finish(List.of(new JobOutcome.Failed(c.lease(), "bad pdf", false, T0)), T0);
    Job j = store.find("alice", id).orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.FAILED);
    assertThat(j.attempts()).isEqualTo(1);
  }

  @Test
  void releaseReturnsTheJobWithoutUsingAnAttempt() {
    long id = store.enqueue(List.of(job(T0))).get(0);
    ClaimedJob c = store.claim("w", 1, T0, LEASE).get(0);
    store.finish(List.of(new JobOutcome.Released(c.lease())), T0);
    Job j = store.find("alice", id).orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.PENDING);
    assertThat(j.attempts()).isZero();
  }

  @Test
  void expiredLeaseWithNoAttemptsLeftFails() {
    long id =
        store
            .enqueue(
                List.of(
                    new io.ilios.spi.NewJob(
                        "alice",
                        "t",
                        5,
                        1,
                        Duration.ofMinutes(1),
                        "{}",
                        java.util.Optional.empty(),
                        T0)))
            .get(0);
    store.claim("w9", 1, T0, LEASE);
    assertThat(store.rescueExpired(T0.plus(LEASE))).isZero(); // not yet expired
    assertThat(store.rescueExpired(T0.plus(LEASE).plusMillis(1))).isEqualTo(1);
    Job j = store.find("alice", id).orElseThrow();
    assertThat(j.status()).isEqualTo(JobStatus.FAILED);
    assertThat(j.error().orElseThrow()).contains("lease expired").contains("w9");
  }

  @Test
  void heartbeatKeepsTheLeaseAlive() {
    store.enqueue(List.of(job(T0)));
    ClaimedJob c = store.claim("w", 1, T0, LEASE).get(0);
    assertThat(store.heartbeat(List.of(c.lease()), T0.plus(LEASE).plusSeconds(30))).isEmpty();
    assertThat(store.rescueExpired(T0.plus(LEASE).plusSeconds(1))).isZero();
  }

  @Test
  void cancelStopsPendingAndRunningJobsButNotFinishedOnes() {
    List<Long> ids = store.enqueue(List.of(job(T0), job(T0), job(T0)));
    ClaimedJob running = store.claim("w", 1, T0, LEASE).get(0);
    ClaimedJob done = store.claim("w", 1, T0, LEASE).get(0);
    store.finish(List.of(new JobOutcome.Completed(done.lease(), "ok")), T0);

    assertThat(store.cancel("alice", ids.get(2), T0).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(store.cancel("alice", running.id(), T0).status()).isEqualTo(JobStatus.CANCELLED);
    assertThat(store.cancel("alice", done.id(), T0).status()).isEqualTo(JobStatus.COMPLETED);
    // The cancelled job's worker can no longer complete it.
    assertThat(store.finish(List.of(new JobOutcome.Completed(running.lease(), "late")), T0))
        .containsExactly(false);
  }

  @Test
  void anotherOwnersJobIsNotFoundLikeAnUnknownId() {
    long id = store.enqueue(List.of(job("alice", 5, T0))).get(0);
    assertThat(store.find("bob", id)).isEmpty();
    assertThat(store.find("alice", id + 1000)).isEmpty();
    assertThatThrownBy(() -> store.cancel("bob", id, T0))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("job " + id + " not found");
    assertThat(store.find("alice", id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
  }

  @Test
  void theSameIdempotencyKeyForTheSameOwnerGivesTheSameJob() {
    long a = store.enqueue(List.of(keyed("alice", "k1", T0))).get(0);
    List<Long> again = store.enqueue(List.of(keyed("alice", "k1", T0), keyed("bob", "k1", T0)));
    assertThat(again.get(0)).isEqualTo(a);
    assertThat(again.get(1)).isNotEqualTo(a);
    assertThat(store.findByIdempotencyKey("alice", "k1")).contains(a);
    assertThat(store.counts().total()).isEqualTo(2);
  }

  @Test
  void batchEnqueueIsAllOrNothing() {
    List<io.ilios.spi.NewJob> jobs = new java.util.ArrayList<>(Jobs.many(10, T0));
    // Priority 11 violates the schema's CHECK constraint: the whole batch must roll back.
    jobs.add(
        new io.ilios.spi.NewJob(
            "alice", "t", 11, 3, Duration.ofMinutes(1), "{}", java.util.Optional.empty(), T0));
    assertThatThrownBy(() -> store.enqueue(jobs))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("enqueue failed");
    assertThat(store.counts().total()).isZero();
  }

  @Test
  void reopeningKeepsJobsAndSchema() {
    long id = store.enqueue(List.of(job(T0))).get(0);
    store.close();
    store = SqliteJobStore.open(dir.resolve("sub/ilios.db"));
    assertThat(store.find("alice", id)).isPresent();
  }

  @Test
  void aFileThatIsNotADatabaseIsRejectedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("notes.db");
    byte[] content = "these are my notes, not a database".getBytes(StandardCharsets.UTF_8);
    Files.write(file, content);
    assertThatThrownBy(() -> SqliteJobStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is not an SQLite database");
    assertThat(Files.readAllBytes(file)).isEqualTo(content);
    assertThat(dir.resolve("notes.db-wal")).doesNotExist();
  }

  @Test
  void anotherApplicationsDatabaseIsRejectedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
      s.execute("INSERT INTO customers (name) VALUES ('Ada')");
    }
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> SqliteJobStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("another application")
        .hasMessageContaining("left it untouched");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void aCorruptDatabaseGivesAClearError() throws Exception {
    store.enqueue(Jobs.many(500, T0));
    store.close();
    Path file = dir.resolve("sub/ilios.db");
    byte[] bytes = Files.readAllBytes(file);
    for (int i = 100; i < bytes.length; i++) {
      bytes[i] = (byte) 0x5A; // keep the header, trash the rest
    }
    Files.write(file, bytes);
    assertThatThrownBy(() -> SqliteJobStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void aDatabaseFromANewerIliosIsRejected() throws Exception {
    store.close();
    Path file = dir.resolve("sub/ilios.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = " + (Migrations.latest() + 1));
    }
    assertThatThrownBy(() -> SqliteJobStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("written by a newer Ilios");
  }

  @Test
  void theDatabaseIsInWalModeWithTheIliosApplicationId() throws Exception {
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sub/ilios.db"));
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("PRAGMA journal_mode");
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("wal");
      rs = s.executeQuery("PRAGMA application_id");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(Migrations.APPLICATION_ID);
    }
  }

  @Test
  void aClosedStoreSaysSo() {
    store.close();
    store.close(); // idempotent
    assertThatThrownBy(() -> store.counts())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void theClaimUsesThePendingIndex() throws Exception {
    store.enqueue(Jobs.many(1000, T0));
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sub/ilios.db"));
        Statement s = c.createStatement()) {
      var rs =
          s.executeQuery(
              "EXPLAIN QUERY PLAN SELECT id FROM jobs WHERE status = 'PENDING'"
                  + " AND scheduled_at <= "
                  + T0.toEpochMilli()
                  + " ORDER BY priority DESC, scheduled_at, id LIMIT 8");
      StringBuilder plan = new StringBuilder();
      while (rs.next()) {
        plan.append(rs.getString(4)).append('\n');
      }
      assertThat(plan.toString()).contains("jobs_pending").doesNotContain("TEMP B-TREE");
    }
  }

  static Lease lease(ClaimedJob j) {
    return j.lease();
  }
}
